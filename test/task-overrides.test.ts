// Issue 9, findings 4 and 5: a task changes the branch, commit, inventory, limit, tags, skip tags
// and debug level only where its template allows each; with the flag off a task_runner's request
// is 400 naming the field and no task row is added, with the flag on the run uses it. Stored rows
// (older versions, a Semaphore database), schedules and webhooks pass the same gate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { memberOf } from './support/authz-scene.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { createHook, sendHook } from './support/webhooks.ts';
import type { ApiClient } from './support/api-client.ts';
import { temporalTaskEngine } from '../src/temporal/task-engine.ts';
import { createScheduleActivities } from '../src/activities/schedule.ts';

// STAND-IN for ansible-playbook, provided by this test: records its arguments and the inventory it was given.
const ANSIBLE_STAND_IN = `#!/bin/bash
out="$(dirname "$0")/calls/task-$SIGNALMAN_TASK_ID"
mkdir -p "$(dirname "$out")"
printf '%s\\n' "$@" > "$out.args"
prev=""
for a in "$@"; do [ "$prev" = "-i" ] && cat "$a" > "$out.inventory"; prev="$a"; done
echo "ansible-playbook stand-in ran"
`;

describe('task overrides only where the template allows them (issue 9, findings 4 and 5)', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let repo: TestRepo;
  let firstCommit: string;
  let runner: ApiClient;
  let runnerId: number;
  let standInDir: string;
  let webInventory: number;
  const tpl: Record<string, number> = {};

  const tasksNow = () => stack.db.task.count({ where: { project_id: f.projectId } });
  async function refused(body: Record<string, unknown>, field: string) {
    const before = await tasksNow();
    const res = await runner.post(`/api/project/${f.projectId}/tasks`, body);
    assert.equal(res.status, 400, res.text);
    assert.ok(res.body.error.startsWith(`${field}: `), `"${res.body.error}" names ${field}`);
    assert.equal(await tasksNow(), before, 'no task row was added');
  }
  async function run(templateId: number, body: Record<string, unknown> = {}) {
    const taskId = await runTask(runner, f.projectId, templateId, body);
    const task = await runner.waitForTask(f.projectId, taskId);
    const lines = await runner.output(f.projectId, taskId);
    assert.equal(task.status, 'success', lines.join('\n'));
    return { taskId, lines };
  }
  const recorded = (taskId: number, what: 'args' | 'inventory') =>
    readFileSync(join(standInDir, 'calls', `task-${taskId}.${what}`), 'utf8')
      .trim()
      .split('\n');

  before(async () => {
    const tools = workDir('tools');
    standInDir = join(tools, 'venv', 'bin');
    mkdirSync(standInDir, { recursive: true });
    // The stand-in runs as the task user (tasks never run as root): its record folder must be theirs to write.
    mkdirSync(join(standInDir, 'calls'), { mode: 0o1777 });
    chmodSync(join(standInDir, 'calls'), 0o1777);
    writeFileSync(join(standInDir, 'ansible-playbook'), ANSIBLE_STAND_IN);
    chmodSync(join(standInDir, 'ansible-playbook'), 0o755);
    stack = await startInProcess('sqlite', { SIGNALMAN_TOOLS_DIR: tools });

    repo = makeRepo({
      'hello.sh': 'echo "version one"\nfor a in "$@"; do echo "arg<$a>"; done\n',
      'site.yml': '- hosts: all\n  tasks: []\n',
    });
    firstCommit = repo.head;
    repo.commit({ 'hello.sh': 'echo "version two"\nfor a in "$@"; do echo "arg<$a>"; done\n' }, 'second');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo.path,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    git('checkout', '-q', '-b', 'other');
    writeFileSync(join(repo.path, 'hello.sh'), 'echo "other branch"\n');
    git('commit', '-q', '-am', 'other');
    git('checkout', '-q', 'main');

    f = await createProjectWithRepo(stack.admin, repo.url);
    const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
      name: 'web',
      inventory: 'web1\nweb2\n',
      type: 'static',
    });
    assert.equal(inv.status, 201, inv.text);
    webInventory = inv.body.id;
    tpl.bash = await createTemplate(stack.admin, f, 'hello.sh');
    tpl.bashBranch = await createTemplate(stack.admin, f, 'hello.sh', { allow_override_branch_in_task: true });
    tpl.ansible = await createTemplate(stack.admin, f, 'site.yml', { app: 'ansible' });
    tpl.ansibleOpen = await createTemplate(stack.admin, f, 'site.yml', {
      app: 'ansible',
      task_params: {
        allow_override_inventory: true,
        allow_override_limit: true,
        allow_override_tags: true,
        allow_override_skip_tags: true,
        allow_debug: true,
      },
    });
    const member = await memberOf(stack, f.projectId, 'task_runner');
    [runner, runnerId] = [member.api, member.id];
  });
  after(async () => stack?.close());

  test('finding 4: git_branch and commit_hash are refused while allow_override_branch_in_task is off', async () => {
    await refused({ template_id: tpl.bash, git_branch: 'other' }, 'git_branch');
    await refused({ template_id: tpl.bash, commit_hash: firstCommit }, 'commit_hash');
  });

  test('finding 4: with allow_override_branch_in_task the task runs the branch or the commit it names', async () => {
    assert.ok((await run(tpl.bashBranch, { git_branch: 'other' })).lines.includes('other branch'));
    const { taskId, lines } = await run(tpl.bashBranch, { commit_hash: firstCommit });
    assert.ok(lines.includes('version one'), lines.join('\n'));
    assert.equal((await runner.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.commit_hash, firstCommit);
    assert.ok((await run(tpl.bash)).lines.includes('version two'), 'without an override the template runs its branch');
  });

  const finding5: Array<[string, () => Record<string, unknown>, string]> = [
    ['inventory_id', () => ({ inventory_id: webInventory }), 'inventory_id'],
    ['limit', () => ({ limit: 'web1' }), 'limit'],
    ['params.limit', () => ({ params: { limit: ['web1'] } }), 'params.limit'],
    ['tags', () => ({ params: { tags: ['deploy'] } }), 'params.tags'],
    ['skip_tags', () => ({ params: { skip_tags: ['slow'] } }), 'params.skip_tags'],
    ['debug', () => ({ debug: true }), 'debug'],
    ['debug_level', () => ({ params: { debug_level: 6 } }), 'params.debug_level'],
  ];

  for (const [name, body, field] of finding5) {
    test(`finding 5: ${name} is refused while the template's task_params do not allow it`, async () => {
      await refused({ template_id: tpl.ansible, ...body() }, field);
    });
  }

  test('finding 5: where the template allows them, inventory, limit, tags, skip tags and debug level reach ansible-playbook', async () => {
    const { taskId } = await run(tpl.ansibleOpen, {
      inventory_id: webInventory,
      limit: 'web1',
      debug: true,
      params: { tags: ['deploy'], skip_tags: ['slow'], debug_level: 6 },
    });
    const args = recorded(taskId, 'args');
    assert.deepEqual(recorded(taskId, 'inventory'), ['web1', 'web2']);
    for (const arg of ['-vvvvvv', '--limit=web1', '--tags=deploy', '--skip-tags=slow'])
      assert.ok(args.includes(arg), `${arg} in ${args.join(' ')}`);
    assert.ok(args.at(-1)!.startsWith('/') && args.at(-1)!.endsWith('/site.yml'), 'the playbook is an absolute path');

    const plain = await run(tpl.ansible);
    assert.deepEqual(recorded(plain.taskId, 'inventory'), ['localhost']);
    assert.ok(!recorded(plain.taskId, 'args').some((a) => a.startsWith('--limit') || a.startsWith('-v')));
  });

  test('a stored task that asks for more than its template allows runs without it, and its log says what was ignored', async () => {
    const marker = join(workDir('gate'), 'pwned');
    const row = await stack.db.task.create({
      data: {
        project_id: f.projectId,
        template_id: tpl.bash,
        status: 'waiting',
        user_id: runnerId,
        git_branch: 'other',
        playbook: '-c',
        arguments: JSON.stringify([`touch ${marker}`]),
        environment: JSON.stringify({ BASH_ENV: marker, note: 'x' }),
      },
    });
    await temporalTaskEngine(stack.client, stack.db, stack.config).start(row.id);
    const task = await runner.waitForTask(f.projectId, row.id);
    const lines = await runner.output(f.projectId, row.id);
    assert.equal(task.status, 'success', lines.join('\n'));
    assert.ok(lines.includes('version two'), "the template's branch and script ran");
    assert.ok(!lines.some((l) => l.startsWith('arg<')), 'no argument and no variable of the row reached the script');
    for (const field of ['playbook', 'git_branch', 'arguments', 'environment']) {
      assert.ok(
        lines.some((l) => l.startsWith(`Ignored ${field}: `)),
        `a line says ${field} was ignored:\n${lines.join('\n')}`,
      );
    }
    assert.equal(existsSync(marker), false);
  });

  test('a schedule whose task_params ask for what the template does not allow starts no task, and the event log says why', async () => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/schedules`, {
      template_id: tpl.bash,
      name: 'branchy',
      cron_format: '0 3 * * *',
      task_params: { git_branch: 'other' },
    });
    assert.equal(res.status, 201, res.text);
    const outcome = await createScheduleActivities(stack.core).fireSchedule(res.body.id);
    assert.match(outcome, /^refused: git_branch: the template does not allow another branch/);
    assert.equal(await stack.db.task.count({ where: { schedule_id: res.body.id } }), 0);
    const events = await stack.db.event.findMany({ where: { object_type: 'schedule', object_id: res.body.id } });
    assert.ok(
      events.some((e) => /could not start a task: git_branch: /.test(e.description ?? '')),
      JSON.stringify(events),
    );
  });

  test('a webhook value named ansible_connection starts no task; a plain one does', async () => {
    const bad = await createHook(stack.admin, f.projectId, {
      template_id: tpl.bash,
      values: [{ value_source: 'body', body_data_type: 'json', key: 'c', variable: 'ansible_connection' }],
    });
    const good = await createHook(stack.admin, f.projectId, {
      template_id: tpl.bash,
      values: [{ value_source: 'body', body_data_type: 'json', key: 'c', variable: 'who' }],
    });
    for (const hook of [bad, good])
      assert.equal(
        (await sendHook(stack.base, hook.alias, JSON.stringify({ c: 'local' }), { 'content-type': 'application/json' }))
          .status,
        204,
      );
    assert.equal(await stack.db.task.count({ where: { integration_id: bad.id } }), 0);
    const [started] = await stack.db.task.findMany({ where: { integration_id: good.id } });
    assert.ok(started, 'the plain value started a task');
    assert.equal(started.environment, '{"who":"local"}');
  });
});
