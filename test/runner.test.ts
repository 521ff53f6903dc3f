// Remote runners: `signalman runner --tag T` as a real process with no database and no encryption
// key, running the tasks whose template names its tag, through its own Temporal task queue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { testTemporalAddress, workDir } from './support/env.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { SignalmanProcess } from './support/processes.ts';
import { eventually } from './support/eventually.ts';

describe('remote runners', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  const procs: SignalmanProcess[] = [];

  const createRunner = async (tag: string) => {
    const res = await stack.admin.post('/api/runners', {
      name: `runner ${tag}`,
      tag,
      active: true,
      max_parallel_tasks: 2,
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(typeof res.body.token, 'string');
    return res.body.token as string;
  };
  const startRunner = async (tag: string, token: string, extra: string[] = []) => {
    const dataDir = workDir('runner');
    const proc = new SignalmanProcess(['runner', '--tag', tag, ...extra], {
      SIGNALMAN_SERVER_URL: stack.base,
      SIGNALMAN_RUNNER_TOKEN: token,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_NAMESPACE: stack.config.temporalNamespace,
      SIGNALMAN_DATA_DIR: dataDir,
      DATABASE_URL: '',
      SIGNALMAN_ACCESS_KEY_ENCRYPTION: '',
    });
    procs.push(proc);
    return { proc, dataDir };
  };

  before(async () => {
    stack = await startInProcess('sqlite');
    const repo = makeRepo({
      'where.sh': 'echo "ran with secret $API_TOKEN in $(basename $(dirname $HOME))"\n',
      'long.sh': 'sleep 600\n',
    });
    f = await createProjectWithRepo(stack.admin, repo.url);
    const env = (await stack.admin.get(`/api/project/${f.projectId}/environment/${f.environmentId}`)).body;
    await stack.admin.put(`/api/project/${f.projectId}/environment/${f.environmentId}`, {
      ...env,
      secrets: [{ type: 'env', name: 'API_TOKEN', secret: 'runner-SECRET-77', operation: 'create' }],
    });
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM')));
    await stack?.close();
  });

  test('a tagged task waits, saying so, until a runner of its tag connects, then runs there', async () => {
    const token = await createRunner('edge');
    const templateId = await createTemplate(stack.admin, f, 'where.sh', { runner_tag: 'edge' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await eventually(
      async () =>
        (await stack.admin.output(f.projectId, taskId)).some((l) =>
          l.startsWith('Waiting for a runner with tag "edge"'),
        ),
      { what: `task ${taskId} to say it waits for a runner tagged edge`, interval: 100 },
    );
    assert.notEqual((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'error');

    const { proc, dataDir } = await startRunner('edge', token);
    await proc.waitFor(/polling task queue "runner-edge"/);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', out.join('\n'));
    assert.ok(out.includes(`ran with secret ********** in task_${taskId}`), out.join('\n'));
    // the runner records its stages too, over the lines it sent
    const stages = (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/stages`)).body;
    assert.deepEqual(
      stages.map((s: { type: string }) => s.type),
      ['repository_clone', 'running'],
    );
    const lines = (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/output`)).body as Array<{
      id: number;
      output: string;
    }>;
    const running = stages[1];
    const own = lines.filter((l) => l.id >= running.start_output_id && l.id <= running.end_output_id);
    assert.ok(
      own.some((l) => l.output === `ran with secret ********** in task_${taskId}`),
      JSON.stringify(stages),
    );
    assert.ok(
      !readdirSync(dataDir).some((name) => name.endsWith('.db') || name.endsWith('.key')),
      'the runner keeps no database and no key',
    );
  });

  test('a task running on a runner is stopped through the API', async () => {
    const templateId = await createTemplate(stack.admin, f, 'long.sh', { runner_tag: 'edge' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await stack.admin.waitForTask(f.projectId, taskId, ['running']);
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, {})).status, 204);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
  });

  test('a deactivated runner takes no task until it is active again', async () => {
    const created = await stack.admin.post('/api/runners', { name: 'dormant', tag: 'dormant', active: false });
    assert.equal(created.status, 201, created.text);
    const { proc } = await startRunner('dormant', created.body.token);
    await proc.waitFor(/this runner is not active: waiting/);
    const templateId = await createTemplate(stack.admin, f, 'where.sh', { runner_tag: 'dormant' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await eventually(
      async () => (await stack.admin.output(f.projectId, taskId)).some((l) => l.includes('runner with tag "dormant"')),
      { what: `task ${taskId} to be sent to the dormant runner's queue`, interval: 100 },
    );
    await new Promise((r) => setTimeout(r, 3000)); // the runner would have taken it by now
    assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'starting');
    assert.doesNotMatch(proc.output, /polling task queue/);
    await stack.admin.post(`/api/runners/${created.body.id}/active`, { active: true });
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
  });

  test('a one-off runner exits after one task', async () => {
    const token = await createRunner('once');
    const { proc } = await startRunner('once', token, ['--one-off']);
    await proc.waitFor(/polling task queue "runner-once"/);
    const templateId = await createTemplate(stack.admin, f, 'where.sh', { runner_tag: 'once' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    assert.equal(await proc.exited(), 0);
    assert.match(proc.output, /one-off runner: the task is done, exiting/);
  });

  test('a runner with a wrong token or another tag is refused', async () => {
    const bad = await startRunner('edge', 'not-a-token');
    assert.equal(await bad.proc.exited(), 1);
    assert.match(bad.proc.output, /unknown runner token/);
    const token = await createRunner('other');
    const wrongTag = await startRunner('edge', token);
    assert.equal(await wrongTag.proc.exited(), 1);
    assert.match(wrongTag.proc.output, /with tag "other", not "edge"/);
    const job = await fetch(`${stack.base}/api/runner/tasks/1/job`, { headers: { 'x-runner-token': token } });
    assert.equal(job.status, 403, 'a runner reads only the jobs of its own tag');
  });

  test('the runner API refuses calls without a runner token', async () => {
    const res = await fetch(`${stack.base}/api/runner/tasks/1/job`);
    assert.equal(res.status, 401);
    assert.equal(existsSync('/nonexistent'), false);
  });
});

describe('remote runners and SEMAPHORE_MAX_TASK_DURATION_SEC', () => {
  let stack: InProcessStack;
  let runner: SignalmanProcess | undefined;

  before(async () => {
    stack = await startInProcess('sqlite', { SEMAPHORE_MAX_TASK_DURATION_SEC: '3' });
  });
  after(async () => {
    await runner?.stop('SIGTERM');
    await stack?.close();
  });

  test('a task on a runner past the server\'s time limit is stopped there and ends as error, "Task timed out"', async () => {
    const created = await stack.admin.post('/api/runners', { name: 'timed', tag: 'timed', active: true });
    assert.equal(created.status, 201, created.text);
    runner = new SignalmanProcess(['runner', '--tag', 'timed'], {
      SIGNALMAN_SERVER_URL: stack.base,
      SIGNALMAN_RUNNER_TOKEN: created.body.token,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_NAMESPACE: stack.config.temporalNamespace,
      SIGNALMAN_DATA_DIR: workDir('runner'),
      DATABASE_URL: '',
      SIGNALMAN_ACCESS_KEY_ENCRYPTION: '',
    });
    await runner.waitFor(/polling task queue "runner-timed"/);
    const f = await createProjectWithRepo(stack.admin, makeRepo({ 'long.sh': 'echo started\nsleep 600\n' }).url);
    const templateId = await createTemplate(stack.admin, f, 'long.sh', { runner_tag: 'timed' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'error', out.join('\n'));
    assert.equal(out.filter((l) => l === 'Task timed out').length, 1, out.join('\n'));
  });
});
