// Issue 9, findings 1 and 3, as the attacks were made: a task_runner (and a guest) asks a task to
// run an interpreter option as its "playbook", or sets ansible connection variables; the gate
// answers 400 naming the field, no task row is added and nothing runs. Members who may edit the
// template can run another playbook, but only an existing file inside the working copy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { memberOf } from './support/authz-scene.ts';
import { installStandIns, type StandIns } from './support/stand-ins.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import type { ApiClient } from './support/api-client.ts';

/** Commits a symbolic link `name` → `target` into the repository. */
function commitSymlink(repo: TestRepo, name: string, target: string) {
  symlinkSync(target, join(repo.path, name));
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
  git('add', name);
  git('commit', '-q', '-m', `link ${name}`);
}

describe('task input gate: interpreter options and ansible variables (issue 9, findings 1 and 3)', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let standIns: StandIns;
  let runner: ApiClient;
  let guest: ApiClient;
  let manager: ApiClient;
  let owner: ApiClient;
  const marker = join(workDir('gate'), 'pwned');
  const touch = `touch ${marker}`;
  const templates: Record<string, number> = {};

  const tasksNow = () => stack.db.task.count({ where: { project_id: f.projectId } });
  const post = (api: ApiClient, body: Record<string, unknown>) => api.post(`/api/project/${f.projectId}/tasks`, body);

  /** The request is refused with `status` (and, for 400, a message starting with `field: `); no task row appears; nothing ran. */
  async function refused(api: ApiClient, body: Record<string, unknown>, field: string, status = 400) {
    const before = await tasksNow();
    const res = await post(api, body);
    assert.equal(res.status, status, res.text);
    if (status === 400) assert.ok(res.body.error.startsWith(`${field}: `), `"${res.body.error}" names ${field}`);
    assert.equal(await tasksNow(), before, 'no task row was added');
    assert.equal(existsSync(marker), false, 'the payload did not run');
  }

  before(async () => {
    standIns = installStandIns();
    stack = await startInProcess('sqlite');
    const repo = makeRepo({
      'hello.sh': 'echo "hello from hello.sh"\nfor a in "$@"; do echo "arg<$a>"; done\n',
      'other.sh': 'echo "other script ran"\n',
      'hello.py': 'import sys\nprint("hello from python", sys.argv[1:])\n',
      'hello.ps1': 'Write-Output hello\n',
      'site.yml': '- hosts: all\n  gather_facts: false\n  tasks: []\n',
    });
    commitSymlink(repo, 'escape.sh', '/bin/sh');
    commitSymlink(repo, 'inside.sh', 'other.sh');
    f = await createProjectWithRepo(stack.admin, repo.url);
    templates.bash = await createTemplate(stack.admin, f, 'hello.sh', {
      survey_vars: [
        { name: 'region', title: 'Region' },
        { name: 'ansible_user', title: 'User' },
      ],
    });
    templates.python = await createTemplate(stack.admin, f, 'hello.py', { app: 'python' });
    templates.powershell = await createTemplate(stack.admin, f, 'hello.ps1', { app: 'powershell' });
    templates.ansible = await createTemplate(stack.admin, f, 'site.yml', {
      app: 'ansible',
      survey_vars: [{ name: 'region' }],
    });
    [runner, guest, manager, owner] = (
      await Promise.all(
        (['task_runner', 'guest', 'manager', 'owner'] as const).map((r) => memberOf(stack, f.projectId, r)),
      )
    ).map((m) => m.api);
  });
  after(async () => stack?.close());

  test('finding 1: a task_runner\'s playbook "-c" with a command in an environment name is refused; nothing ran', async () => {
    await refused(
      runner,
      { template_id: templates.bash, playbook: '-c', environment: JSON.stringify({ [`${touch}; y`]: '1' }) },
      'playbook',
    );
    await refused(
      guest,
      { template_id: templates.bash, playbook: '-c', environment: JSON.stringify({ [`${touch}; y`]: '1' }) },
      'playbook',
      403,
    );
  });

  const interpreterOptions: Array<[string, string, Record<string, unknown>]> = [
    ['bash', '-c', { arguments: JSON.stringify([touch]) }],
    ['bash', '--rcfile', {}],
    ['bash', '-i', {}],
    ['python', '-c', { environment: JSON.stringify({ x: `__import__('os').system('${touch}')` }) }],
    ['python', '-m', { environment: JSON.stringify({ http: 'server' }) }],
    ['python', '-i', {}],
    ['powershell', '-Command', { arguments: JSON.stringify([`New-Item ${marker}`]) }],
  ];

  for (const [app, option, more] of interpreterOptions) {
    test(`finding 1: ${app} ${option} as a task_runner's playbook is 400 "playbook: …", and no task row`, async () => {
      await refused(runner, { template_id: templates[app], playbook: option, ...more }, 'playbook');
    });
  }

  test('finding 1: a manager may name another playbook, but "-c" that is no file in the working copy ends the task as error and runs nothing', async () => {
    const callsBefore = standIns.calls().length;
    for (const [app, option] of [
      ['bash', '-c'],
      ['python', '-m'],
      ['powershell', '-Command'],
    ]) {
      const taskId = await runTask(manager, f.projectId, templates[app], { playbook: option });
      assert.equal((await manager.waitForTask(f.projectId, taskId)).status, 'error');
      const lines = await manager.output(f.projectId, taskId);
      assert.ok(
        lines.includes(`Running app failed: playbook "${option}" not found in the repository`),
        lines.join('\n'),
      );
    }
    assert.equal(standIns.calls().length, callsBefore, 'pwsh was never started');
    assert.equal(existsSync(marker), false);
  });

  test('a manager or owner may run another existing script of the working copy, a link inside it too', async () => {
    for (const [api, script, expected] of [
      [manager, 'other.sh', 'other script ran'],
      [owner, 'inside.sh', 'other script ran'],
    ] as const) {
      const taskId = await runTask(api, f.projectId, templates.bash, { playbook: script });
      assert.equal((await api.waitForTask(f.projectId, taskId)).status, 'success');
      assert.ok((await api.output(f.projectId, taskId)).includes(expected));
    }
  });

  test('another playbook that is missing, or a link out of the working copy, ends the task with a clear error', async () => {
    const cases: Array<[string, string]> = [
      ['missing.sh', 'Running app failed: playbook "missing.sh" not found in the repository'],
      ['escape.sh', 'Running app failed: playbook "escape.sh" leads outside the repository (through a symbolic link)'],
    ];
    for (const [script, line] of cases) {
      const taskId = await runTask(owner, f.projectId, templates.bash, { playbook: script });
      assert.equal((await owner.waitForTask(f.projectId, taskId)).status, 'error');
      const lines = await owner.output(f.projectId, taskId);
      assert.ok(lines.includes(line), lines.join('\n'));
    }
  });

  const ansibleVariables = [
    ['ansible_ssh_common_args', `-o ProxyCommand='sh -c "${touch}"'`],
    ['ANSIBLE_SSH_COMMON_ARGS', `-o ProxyCommand='sh -c "${touch}"'`],
    ['ansible_ssh_executable', '/bin/sh'],
    ['ansible_python_interpreter', `/bin/sh -c '${touch}'`],
    ['ansible_connection', 'local'],
    ['ansible_become_exe', `sh -c '${touch}'`],
  ];

  for (const [name, value] of ansibleVariables) {
    test(`finding 3: ${name} is refused in environment and secret, from a task_runner and a manager alike`, async () => {
      for (const api of [runner, manager]) {
        for (const field of ['environment', 'secret']) {
          await refused(api, { template_id: templates.ansible, [field]: JSON.stringify({ [name]: value }) }, field);
        }
      }
    });

    test(`finding 3: ${name} is refused through params`, async () => {
      await refused(runner, { template_id: templates.ansible, params: { [name]: value } }, `params.${name}`);
    });
  }

  test('finding 3: variables that start interpreters differently are refused from everyone', async () => {
    for (const name of ['BASH_ENV', 'PYTHONSTARTUP', 'LD_PRELOAD', 'GIT_SSH_COMMAND', 'PATH']) {
      await refused(
        owner,
        { template_id: templates.bash, environment: JSON.stringify({ [name]: marker }) },
        'environment',
      );
    }
  });

  test("a task_runner may set the template's survey variables (an ansible_ one too, when declared), and nothing else", async () => {
    const taskId = await runTask(runner, f.projectId, templates.bash, {
      environment: JSON.stringify({ region: 'eu', ansible_user: 'deploy' }),
    });
    assert.equal((await runner.waitForTask(f.projectId, taskId)).status, 'success');
    const lines = await runner.output(f.projectId, taskId);
    assert.ok(lines.includes('arg<region=eu>') && lines.includes('arg<ansible_user=deploy>'), lines.join('\n'));
    await refused(
      runner,
      { template_id: templates.bash, environment: JSON.stringify({ region: 'eu', other: 'x' }) },
      'environment',
    );
  });

  test("Semaphore UI's default body (every field empty) still creates and runs a task, for a task_runner", async () => {
    const taskId = await runTask(runner, f.projectId, templates.bash, {
      debug: false,
      dry_run: false,
      diff: false,
      playbook: '',
      environment: '{}',
      limit: '',
      message: '',
      arguments: '[]',
      git_branch: '',
      inventory_id: f.inventoryId,
      params: { debug: false, dry_run: false, diff: false, limit: [], tags: [], skip_tags: [] },
    });
    assert.equal((await runner.waitForTask(f.projectId, taskId)).status, 'success');
    assert.ok((await runner.output(f.projectId, taskId)).includes('hello from hello.sh'));
  });
});
