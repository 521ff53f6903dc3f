// What `signalman runner --protocol http` does beyond a plain run: a task's secret survey values
// reach it (sealed on the server only until it has its job), its stages are recorded over the
// lines it sent, a Terraform plan waits for confirmation and the runner applies it with the same
// secret values, and a runner shutting down stops its task and still sends its last lines.
// Terraform here is the tests' STAND-IN script (support/stand-ins.ts), which records its argv and
// TF_VAR_db_password.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { SignalmanProcess } from './support/processes.ts';
import { eventually } from './support/eventually.ts';
import { REGISTRATION, tagNewestRunner } from './support/protocol-scene.ts';
import { installStandIns, type StandIns } from './support/stand-ins.ts';
import { everyRow, historyText, tracesOf } from './support/secret-traces.ts';

const bin = resolve(import.meta.dirname, '../bin/signalman.mjs');
const MASKED = '**********';
const TAG = 'http-runs';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newSecret = () => `sv-${randomBytes(9).toString('hex')}`;

interface Stage {
  type: string;
  start_output_id: number | null;
  end_output_id: number | null;
}

describe('signalman runner --protocol http: secret values, stages, plans and shutdown', () => {
  let stack: InProcessStack;
  let standIns: StandIns;
  let f: ProjectFixture;
  let runner: SignalmanProcess | undefined;
  let env: Record<string, string>;

  const template = async (app: string, playbook: string) => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: `${app} ${playbook} ${Math.random()}`,
      app,
      playbook,
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      environment_id: f.environmentId,
      survey_vars: [{ name: 'db_password', title: 'Database password', type: 'secret' }],
      runner_tag: TAG,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  };
  const stagesOf = async (taskId: number) =>
    (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/stages`)).body as Stage[];
  const linesOf = async (taskId: number) =>
    (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/output`)).body as Array<{
      id: number;
      output: string;
    }>;
  const startRunner = async () => {
    runner = new SignalmanProcess(['runner', '--protocol', 'http'], env);
    await runner.waitFor(/polling .* every second/);
  };

  before(async () => {
    standIns = installStandIns();
    stack = await startInProcess('sqlite', { SEMAPHORE_RUNNER_REGISTRATION_TOKEN: REGISTRATION });
    const repo = makeRepo({
      'infra/main.tf': 'resource "terraform_data" "x" {}\n',
      'secret.sh':
        'echo "plain=$db_password"\necho "sha256=$(printf %s "$db_password" | sha256sum | cut -d\' \' -f1)"\n',
      'long.sh': 'echo "long task begins"\nsleep 120\necho never\n',
    });
    f = await createProjectWithRepo(stack.admin, repo.url);
    const dir = workDir('http-runs');
    env = {
      SEMAPHORE_WEB_ROOT: stack.base,
      SEMAPHORE_RUNNER_TOKEN_FILE: join(dir, 'runner.token'),
      SEMAPHORE_RUNNER_PRIVATE_KEY_FILE: join(dir, 'runner.key'),
      SEMAPHORE_RUNNER_REGISTRATION_TOKEN: '',
      SIGNALMAN_DATA_DIR: dir,
      DATABASE_URL: '',
      SIGNALMAN_ACCESS_KEY_ENCRYPTION: '',
    };
    const registered = await new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [bin, 'runner', 'register', '--stdin-registration-token'], {
        env: { ...process.env, ...env },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.stdout.resume();
      child.stdin.end(`${REGISTRATION}\n`);
      child.once('exit', (status) => done({ status, stderr }));
    });
    assert.equal(registered.status, 0, registered.stderr);
    await tagNewestRunner(stack, TAG);
    await startRunner();
  });
  after(async () => {
    await runner?.stop('SIGTERM');
    await stack?.close();
  });

  test('secret survey values reach the runner for its run only; its stages cover the lines it sent', async () => {
    const secret = newSecret();
    const taskId = await runTask(stack.admin, f.projectId, await template('bash', 'secret.sh'), {
      secret: JSON.stringify({ db_password: secret }),
    });
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', `${out.join('\n')}\n${runner?.output}`);
    assert.ok(out.includes(`sha256=${sha256(secret)}`), out.join('\n'));
    assert.ok(out.includes(`plain=${MASKED}`), out.join('\n'));

    // Kept, sealed, only until the runner had its job: after the run nothing of it is stored.
    await eventually(async () => (await stack.db.taskRunnerSecret.count({ where: { task_id: taskId } })) === 0, {
      what: "the sealed values to go once the task's run step ended",
      interval: 200,
    });
    const rows = await everyRow(stack);
    const history = await historyText(stack.client, taskId);
    for (const trace of tracesOf(secret)) {
      assert.ok(!rows.includes(trace), 'a database row');
      assert.ok(!history.includes(trace), 'Temporal history');
    }

    const stages = await stagesOf(taskId);
    assert.deepEqual(
      stages.map((s) => s.type),
      ['repository_clone', 'running'],
    );
    const lines = await linesOf(taskId);
    const inStage = (s: Stage) =>
      lines.filter((l) => l.id >= Number(s.start_output_id) && l.id <= Number(s.end_output_id));
    assert.ok(
      inStage(stages[1]).some((l) => l.output === `sha256=${sha256(secret)}`),
      `the running stage holds the script's lines: ${JSON.stringify(stages)}`,
    );
    assert.ok(!inStage(stages[0]).some((l) => l.output.startsWith('sha256=')), 'the clone stage does not');
  });

  test('a Terraform plan on the runner waits for confirmation; confirmed, the runner applies it with the secret values', async () => {
    const secret = newSecret();
    const before = standIns.calls().length;
    const taskId = await runTask(stack.admin, f.projectId, await template('terraform', 'infra'), {
      secret: JSON.stringify({ db_password: secret }),
    });
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation']);
    const planned = standIns.calls().slice(before);
    assert.ok(
      planned.some((c) => c[2].startsWith('plan')),
      `the stand-in planned: ${JSON.stringify(planned)}`,
    );
    assert.ok(!planned.some((c) => c[2].startsWith('apply')), 'nothing applied before the confirmation');
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/confirm`, {})).status, 204);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', `${out.join('\n')}\n${runner?.output}`);
    const calls = standIns.calls().slice(before);
    const apply = calls.find((c) => c[2].startsWith('apply'));
    assert.ok(apply, `the runner applied: ${JSON.stringify(calls)}`);
    assert.equal(apply[3], `TF_VAR_db_password=${secret}`, 'the apply has the secret value');
    for (const c of calls) assert.ok(!c[2].includes(secret), `argv of ${c[2]}`);
    assert.ok(
      out.some((l) => l.startsWith('Apply complete!')),
      out.join('\n'),
    );
    const types = (await stagesOf(taskId)).map((s) => s.type);
    assert.ok(types.includes('terraform_plan') && types.includes('terraform_apply'), types.join(', '));
  });

  test('a runner shutting down stops its running task, which says why, and sends its last lines', async () => {
    const taskId = await runTask(stack.admin, f.projectId, await template('bash', 'long.sh'));
    await stack.admin.waitForTask(f.projectId, taskId, ['running']);
    await eventually(async () => (await stack.admin.output(f.projectId, taskId)).includes('long task begins'), {
      what: `task ${taskId}'s first line`,
      interval: 200,
    });
    await runner?.stop('SIGTERM');
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'stopped', out.join('\n'));
    assert.ok(out.includes('long task begins'), out.join('\n'));
    assert.ok(out.includes('The runner shut down: task stopped'), out.join('\n'));
    assert.ok(!out.includes('never'));
    await startRunner(); // for `after`, and to show it comes back
  });
});
