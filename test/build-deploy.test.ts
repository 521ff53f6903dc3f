// Build and deploy templates end to end, on SQLite and PostgreSQL: build versions count up from
// start_version, deploy templates set to autorun follow a successful build and receive its version
// (ansible: SEMAPHORE_TASK_* env and semaphore_vars.task_details; bash: the env), and each
// template's finished history is pruned to SIGNALMAN_MAX_TASKS_PER_TEMPLATE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';

const MAX_TASKS = 5;

const DEPLOY_PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - debug:
        msg: "env={{ lookup('env', 'SEMAPHORE_TASK_TYPE') }}/{{ lookup('env', 'SEMAPHORE_TASK_INCOMING_VERSION') }} vars={{ semaphore_vars.task_details.type }}/{{ semaphore_vars.task_details.incoming_version }}"
`;

const FILES = {
  // Extra vars reach shell scripts as name=value arguments: `fail=yes` makes the build fail.
  'build.sh':
    'echo "building type=$SEMAPHORE_TASK_TYPE target=$SEMAPHORE_TASK_TARGET_VERSION"\n[ "$1" = "fail=yes" ] && exit 1\nexit 0\n',
  'deploy.sh': 'echo "deploying type=$SEMAPHORE_TASK_TYPE incoming=$SEMAPHORE_TASK_INCOMING_VERSION"\n',
  'quick.sh': '[ "$1" = "hold=yes" ] && sleep 600\necho quick\n',
  'deploy.yml': DEPLOY_PLAYBOOK,
};

for (const kind of DB_KINDS) {
  describe(`build and deploy templates on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let localInventory = 0;
    let repoUrl = '';

    const tasksOf = async (templateId: number) =>
      (await stack.admin.get(`/api/project/${f.projectId}/templates/${templateId}/tasks`)).body as any[];
    const allTasks = async () => (await stack.admin.get(`/api/project/${f.projectId}/tasks`)).body as any[];

    /** Polls until a task of `templateId` with build_task_id = `buildTaskId` exists. */
    async function deployOf(templateId: number, buildTaskId: number): Promise<any> {
      return eventually(
        async () => (await allTasks()).find((t) => t.template_id === templateId && t.build_task_id === buildTaskId),
        {
          what: `a task of template ${templateId} started for build ${buildTaskId}`,
          timeout: 30_000,
          interval: 100,
        },
      );
    }

    /** The workflow has written the "finished" event: everything after the task ended is done. */
    async function waitFinishedEvent(taskId: number): Promise<void> {
      await eventually(
        async () => {
          const events = (await stack.admin.get(`/api/project/${f.projectId}/events`)).body as Array<{
            description: string;
          }>;
          return events.some(
            (e) => e.description.startsWith(`Task ID ${taskId} (`) && e.description.includes(' finished - '),
          );
        },
        { what: `the "finished" event of task ${taskId}`, timeout: 30_000, interval: 100 },
      );
    }

    async function buildTemplate(startVersion = '1.0.0'): Promise<number> {
      return createTemplate(stack.admin, f, 'build.sh', { type: 'build', start_version: startVersion });
    }

    before(async () => {
      stack = await startInProcess(kind, { SIGNALMAN_MAX_TASKS_PER_TEMPLATE: String(MAX_TASKS) });
      const repo = makeRepo(FILES, 'build and deploy scripts');
      repoUrl = repo.url;
      f = await createProjectWithRepo(stack.admin, repo.url);
      const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
        name: 'local',
        type: 'static',
        inventory: 'here ansible_connection=local ansible_python_interpreter=auto_silent\n',
      });
      assert.equal(inv.status, 201, inv.text);
      localInventory = inv.body.id;
    });
    after(async () => stack?.close());

    test('build tasks get 1.0.0, 1.0.1, 1.0.2 and the script sees its target version; plain tasks have none', async () => {
      const build = await buildTemplate();
      const ids = [
        await runTask(stack.admin, f.projectId, build),
        await runTask(stack.admin, f.projectId, build),
        await runTask(stack.admin, f.projectId, build),
      ];
      const versions = [];
      for (const id of ids) {
        const task = await stack.admin.waitForTask(f.projectId, id);
        assert.equal(task.status, 'success');
        versions.push(task.version);
        assert.ok((await stack.admin.output(f.projectId, id)).includes(`building type=build target=${task.version}`));
      }
      assert.deepEqual(versions, ['1.0.0', '1.0.1', '1.0.2']);

      const plain = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'quick.sh'));
      assert.equal((await stack.admin.waitForTask(f.projectId, plain)).version, null);
    });

    test('a raised start_version takes over; a changed prefix starts again from it', async () => {
      const build = await buildTemplate('v1.4-rc');
      const first = await stack.admin.waitForTask(f.projectId, await runTask(stack.admin, f.projectId, build));
      assert.equal(first.version, 'v1.4-rc');
      const tpl = (await stack.admin.get(`/api/project/${f.projectId}/templates/${build}`)).body;
      assert.equal(
        (await stack.admin.put(`/api/project/${f.projectId}/templates/${build}`, { ...tpl, start_version: 'v1.9-rc' }))
          .status,
        204,
      );
      assert.equal(
        (await stack.admin.waitForTask(f.projectId, await runTask(stack.admin, f.projectId, build))).version,
        'v1.9-rc',
      );
      assert.equal(
        (await stack.admin.waitForTask(f.projectId, await runTask(stack.admin, f.projectId, build))).version,
        'v1.10-rc',
      );
      assert.equal(
        (await stack.admin.put(`/api/project/${f.projectId}/templates/${build}`, { ...tpl, start_version: 'v2.0' }))
          .status,
        204,
      );
      assert.equal(
        (await stack.admin.waitForTask(f.projectId, await runTask(stack.admin, f.projectId, build))).version,
        'v2.0',
      );
    });

    test('after a successful build, autorun deploys start with no user and see the incoming version', async () => {
      const build = await buildTemplate('3.1.0');
      const ansibleDeploy = await createTemplate(stack.admin, f, 'deploy.yml', {
        app: 'ansible',
        type: 'deploy',
        build_template_id: build,
        autorun: true,
        inventory_id: localInventory,
      });
      const bashDeploy = await createTemplate(stack.admin, f, 'deploy.sh', {
        type: 'deploy',
        build_template_id: build,
        autorun: true,
      });
      const manualDeploy = await createTemplate(stack.admin, f, 'deploy.sh', {
        type: 'deploy',
        build_template_id: build,
        autorun: false,
      });

      const buildId = await runTask(stack.admin, f.projectId, build);
      assert.equal((await stack.admin.waitForTask(f.projectId, buildId)).status, 'success');

      const viaAnsible = await deployOf(ansibleDeploy, buildId);
      const done = await stack.admin.waitForTask(f.projectId, viaAnsible.id, undefined, 180_000);
      const out = (await stack.admin.output(f.projectId, viaAnsible.id)).join('\n');
      assert.equal(done.status, 'success', out);
      assert.equal(done.user_id, null);
      assert.match(out, /env=deploy\/3\.1\.0 vars=deploy\/3\.1\.0/);

      const viaBash = await deployOf(bashDeploy, buildId);
      assert.equal((await stack.admin.waitForTask(f.projectId, viaBash.id)).status, 'success');
      assert.ok((await stack.admin.output(f.projectId, viaBash.id)).includes('deploying type=deploy incoming=3.1.0'));

      await waitFinishedEvent(buildId);
      assert.equal((await tasksOf(manualDeploy)).length, 0, 'a deploy template without autorun waits for a person');
    });

    test('a failed build starts no deploy', async () => {
      const build = await buildTemplate();
      const deploy = await createTemplate(stack.admin, f, 'deploy.sh', {
        type: 'deploy',
        build_template_id: build,
        autorun: true,
      });
      const buildId = await runTask(stack.admin, f.projectId, build, { environment: JSON.stringify({ fail: 'yes' }) });
      assert.equal((await stack.admin.waitForTask(f.projectId, buildId)).status, 'error');
      await waitFinishedEvent(buildId);
      assert.equal((await tasksOf(deploy)).length, 0);
    });

    test('a deploy run by hand names its build; a deploy of a deploy gets the original version', async () => {
      const build = await buildTemplate('7.0.0');
      const stage = await createTemplate(stack.admin, f, 'deploy.sh', { type: 'deploy', build_template_id: build });
      const buildId = await runTask(stack.admin, f.projectId, build);
      await stack.admin.waitForTask(f.projectId, buildId);
      const staged = await runTask(stack.admin, f.projectId, stage, { build_task_id: buildId });
      assert.equal((await stack.admin.waitForTask(f.projectId, staged)).build_task_id, buildId);
      assert.ok((await stack.admin.output(f.projectId, staged)).includes('deploying type=deploy incoming=7.0.0'));

      const production = await createTemplate(stack.admin, f, 'deploy.sh', {
        type: 'deploy',
        build_template_id: stage,
      });
      const promoted = await runTask(stack.admin, f.projectId, production, { build_task_id: staged });
      await stack.admin.waitForTask(f.projectId, promoted);
      assert.ok((await stack.admin.output(f.projectId, promoted)).includes('deploying type=deploy incoming=7.0.0'));

      // A build of another project cannot be named.
      const other = await createProjectWithRepo(stack.admin, repoUrl);
      const otherDeploy = await createTemplate(stack.admin, other, 'deploy.sh', {
        type: 'deploy',
        build_template_id: await createTemplate(stack.admin, other, 'build.sh', { type: 'build', start_version: '1' }),
      });
      const foreign = await stack.admin.post(`/api/project/${other.projectId}/tasks`, {
        template_id: otherDeploy,
        build_task_id: buildId,
      });
      assert.equal(foreign.status, 400);
      assert.match(foreign.text, new RegExp(`build_task_id: task ${buildId} not found in project ${other.projectId}`));
    });

    test(`pruning keeps the newest ${MAX_TASKS} finished tasks of a template, their output gone, and never an unfinished one`, async () => {
      const template = await createTemplate(stack.admin, f, 'quick.sh', { allow_parallel_tasks: true });
      const held = await runTask(stack.admin, f.projectId, template, { environment: JSON.stringify({ hold: 'yes' }) });
      await stack.admin.waitForTask(f.projectId, held, ['running']);
      const quick: number[] = [];
      for (let i = 0; i < MAX_TASKS + 3; i++) {
        const id = await runTask(stack.admin, f.projectId, template);
        assert.equal((await stack.admin.waitForTask(f.projectId, id)).status, 'success');
        await waitFinishedEvent(id);
        quick.push(id);
      }
      const kept = (await tasksOf(template)).map((t) => t.id).sort((a, b) => a - b);
      assert.deepEqual(kept, [held, ...quick.slice(-MAX_TASKS)]);
      const pruned = quick.slice(0, -MAX_TASKS);
      assert.equal(
        await stack.db.taskOutput.count({ where: { task_id: { in: pruned } } }),
        0,
        'their output went with them',
      );
      for (const id of pruned)
        assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${id}`)).status, 404);

      assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${held}/stop`, {})).status, 204);
      await stack.admin.waitForTask(f.projectId, held, ['stopped']);
      await waitFinishedEvent(held);
      // Its own end does not remove the task that just ended, even the oldest; the next end does.
      assert.ok((await tasksOf(template)).some((t) => t.id === held));
      const last = await runTask(stack.admin, f.projectId, template);
      await stack.admin.waitForTask(f.projectId, last);
      await waitFinishedEvent(last);
      assert.deepEqual(
        (await tasksOf(template)).map((t) => t.id).sort((a, b) => a - b),
        [...quick, last].slice(-MAX_TASKS),
      );
    });
  });
}
