// A task's secret survey values in the runs after the first and away from the server: a Terraform
// apply after its plan, with the worker restarted in between (the new worker replays the workflow
// from Temporal's history and opens the sealed values again), and a task on a remote runner that
// holds no encryption key and gets them from the API for its own task only. Terraform here is the
// tests' STAND-IN script (support/stand-ins.ts), which records its argv and TF_VAR_db_password.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { testTemporalAddress, workDir } from './support/env.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { installStandIns, type StandIns } from './support/stand-ins.ts';
import { SignalmanProcess } from './support/processes.ts';
import { historyText, tracesOf } from './support/secret-traces.ts';

const MASKED = '**********';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newSecret = () => `sv-${randomBytes(9).toString('hex')}`;

describe('secret survey values in later runs and on remote runners', () => {
  let stack: InProcessStack;
  let standIns: StandIns;
  let f: ProjectFixture;
  const procs: SignalmanProcess[] = [];

  const template = async (app: string, playbook: string, extra: Record<string, unknown> = {}) => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: `${app} ${playbook} ${Math.random()}`,
      app,
      playbook,
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      environment_id: f.environmentId,
      survey_vars: [{ name: 'db_password', title: 'Database password', type: 'secret' }],
      ...extra,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  };
  const sealedOf = async (taskId: number) => {
    const sealed = (await historyText(stack.client, taskId)).match(/sealed-v1:[A-Za-z0-9+/=]+/)?.[0];
    assert.ok(sealed, `task ${taskId}'s workflow carries its sealed values`);
    return sealed;
  };

  before(async () => {
    standIns = installStandIns();
    stack = await startInProcess('sqlite');
    const repo = makeRepo({
      'infra/main.tf': 'resource "null_resource" "x" {}\n',
      'secret.sh':
        'echo "plain=$db_password"\necho "sha256=$(printf %s "$db_password" | sha256sum | cut -d\' \' -f1)"\n',
    });
    f = await createProjectWithRepo(stack.admin, repo.url);
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM')));
    await stack?.close();
  });

  test('Terraform: plan and, after a worker restart, apply get TF_VAR_<name>; never on a command line', async () => {
    const secret = newSecret();
    const taskId = await runTask(stack.admin, f.projectId, await template('terraform', 'infra'), {
      secret: JSON.stringify({ db_password: secret }),
    });
    const before = standIns.calls().length;
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation']);
    const planned = standIns.calls().slice(before);
    assert.deepEqual(
      planned.map((c) => c[3]),
      planned.map(() => `TF_VAR_db_password=${secret}`),
    );

    // The worker goes away while the plan waits; a new one takes the workflow up from its history.
    await stack.restartWorker();

    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/confirm`, {})).status, 204);
    const done = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(done.status, 'success', out.join('\n'));
    const calls = standIns.calls().slice(before);
    assert.equal(calls.at(-1)?.[2].split(' ')[0], 'apply');
    assert.equal(calls.at(-1)?.[3], `TF_VAR_db_password=${secret}`, 'the apply, on the new worker, has the value');
    for (const c of calls) assert.ok(!c[2].includes(secret), `argv of ${c[2]}`);
    const history = await historyText(stack.client, taskId);
    for (const trace of tracesOf(secret)) {
      assert.ok(!out.join('\n').includes(trace), 'log');
      assert.ok(!history.includes(trace), 'Temporal history');
    }
  });

  test('a remote runner (no key of its own) gets the values for its task; a runner cannot open them for another', async () => {
    const created = await stack.admin.post('/api/runners', {
      name: 'secret runner',
      tag: 'sec-edge',
      active: true,
      max_parallel_tasks: 1,
    });
    assert.equal(created.status, 201, created.text);
    const token = created.body.token as string;
    const proc = new SignalmanProcess(['runner', '--tag', 'sec-edge'], {
      SIGNALMAN_SERVER_URL: stack.base,
      SIGNALMAN_RUNNER_TOKEN: token,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_NAMESPACE: stack.config.temporalNamespace,
      SIGNALMAN_DATA_DIR: workDir('runner'),
      DATABASE_URL: '',
      SIGNALMAN_ACCESS_KEY_ENCRYPTION: '',
    });
    procs.push(proc);
    await proc.waitFor(/polling task queue "runner-sec-edge"/);

    const secret = newSecret();
    const tagged = await template('bash', 'secret.sh', { runner_tag: 'sec-edge' });
    const taskId = await runTask(stack.admin, f.projectId, tagged, { secret: JSON.stringify({ db_password: secret }) });
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', out.join('\n'));
    assert.ok(out.includes(`sha256=${sha256(secret)}`), out.join('\n'));
    assert.ok(out.includes(`plain=${MASKED}`), out.join('\n'));

    // What another task's run could try with this runner's token: the values sealed for one task
    // never open for another, and a task not for this runner's tag is refused outright.
    const untaggedSecret = newSecret();
    const untagged = await runTask(stack.admin, f.projectId, await template('bash', 'secret.sh'), {
      secret: JSON.stringify({ db_password: untaggedSecret }),
    });
    await stack.admin.waitForTask(f.projectId, untagged);
    const asRunner = (id: number, body: unknown, headers: Record<string, string> = { 'X-Runner-Token': token }) =>
      fetch(`${stack.base}/api/runner/tasks/${id}/job`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const foreign = await sealedOf(untagged);
    const cases: Array<[string, Response, number]> = [
      ["another task's sealed values, for this runner's task", await asRunner(taskId, { secret: foreign }), 400],
      ['a task not for this runner', await asRunner(untagged, { secret: foreign }), 403],
      ['no token', await asRunner(untagged, { secret: foreign }, {}), 401],
      ['a sealed text that is none', await asRunner(taskId, { secret: 'sealed-v1:AAAA' }), 400],
    ];
    for (const [what, res, status] of cases) {
      const text = await res.text();
      assert.equal(res.status, status, `${what}: ${text}`);
      assert.ok(!text.includes(untaggedSecret), what);
    }
    // Its own task's sealed values open for it: the runner's way.
    const own = await asRunner(taskId, { secret: await sealedOf(taskId) });
    assert.equal(own.status, 200);
    assert.deepEqual((await own.json()).material.surveySecrets, { db_password: secret });
  });
});
