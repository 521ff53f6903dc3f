// Semaphore's runner protocol (semaphore-behaviour.md §7), driven by a client written from its
// description: register → poll → progress → stop → unregister, on SQLite and PostgreSQL, with
// plain JSON and with RSA-encrypted polls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { DB_KINDS } from './support/env.ts';
import { createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';
import { ProtocolClient, type RunnerStateSeen } from './support/protocol-client.ts';
import {
  pollForJob,
  projectWithSecret,
  REGISTRATION,
  registerTagged,
  SECRET,
  tagNewestRunner,
} from './support/protocol-scene.ts';

for (const kind of DB_KINDS) {
  describe(`runner protocol on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    before(async () => {
      stack = await startInProcess(kind, { SEMAPHORE_RUNNER_REGISTRATION_TOKEN: REGISTRATION });
      f = await projectWithSecret(stack);
    });
    after(async () => stack?.close());

    test('registration needs the registration token; polls need a known runner token', async () => {
      const client = new ProtocolClient(stack.base);
      for (const token of ['', 'wrong', `${REGISTRATION}x`]) {
        const res = await client.register({ registration_token: token });
        assert.deepEqual([res.status, res.body], [400, { error: 'Invalid registration token' }]);
      }
      const bad = await client.register({ registration_token: REGISTRATION, public_key: 'not a key' });
      assert.equal(bad.status, 400);
      assert.equal((await stack.admin.get('/api/runners')).body.length, 0, 'no runner was created');
      assert.deepEqual([(await client.poll('')).status, (await client.poll('')).error], [401, 'Invalid token']);
      assert.deepEqual(
        [(await client.poll('nobody')).status, (await client.poll('nobody')).error],
        [404, 'Runner not found'],
      );
      assert.equal((await client.progress({ Jobs: [] }, 'nobody')).status, 404);
      assert.equal((await client.unregister('')).status, 401);
    });

    test('a runner registers, gets its task with the keys it uses, reports progress, learns of the stop, and unregisters', async () => {
      const client = new ProtocolClient(stack.base);
      const runnerId = await registerTagged(stack, client, 'proto');
      const idle = await client.poll();
      assert.deepEqual(idle.state, { CurrentJobs: null, new_jobs: null, access_keys: {} });
      assert.equal(idle.contentType, 'application/json');

      const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'proto' });
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      const { state } = await pollForJob(client, taskId);
      const job = (state as RunnerStateSeen).new_jobs?.[0] as Record<string, any>;
      assert.deepEqual(
        Object.keys(job)
          .filter((k) => k !== 'signalman')
          .sort(),
        [
          'Alias',
          'IncomingVersion',
          'Username',
          'environment',
          'inventory',
          'inventory_repository',
          'repository',
          'task',
          'template',
        ],
      );
      assert.equal(job.Username, 'admin');
      assert.equal(job.template.id, templateId);
      assert.equal(job.task.secret, '', 'no secret survey values: an empty text, as Go writes it');
      assert.equal(job.repository.id, f.repositoryId);
      assert.deepEqual(Object.keys(state?.access_keys ?? {}), [String(f.keyId)]);
      assert.equal(state?.access_keys[String(f.keyId)].type, 'none');
      assert.deepEqual(
        job.environment.secrets.map((s: any) => [s.type, s.name, s.secret]),
        [['env', 'API_TOKEN', SECRET]],
      );
      const tasks = (await stack.admin.get('/api/tasks')).body as Array<Record<string, any>>;
      assert.equal(tasks.find((t) => t.task_id === taskId)?.runner_id, runnerId);

      // Go field names, and the same in other cases, as Go's decoder matches them.
      const at = '2026-01-02T03:04:05.123456789Z';
      assert.equal(
        (
          await client.progress({
            Jobs: [{ ID: taskId, Status: 'running', LogRecords: [{ time: at, message: 'line from the runner' }] }],
          })
        ).status,
        204,
      );
      const output = (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/output`)).body as any[];
      const line = output.find((l) => l.output === 'line from the runner');
      assert.equal(new Date(line.time).toISOString(), '2026-01-02T03:04:05.123Z');
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'running');
      const running = await client.poll();
      assert.deepEqual(running.state?.CurrentJobs, [{ id: taskId, status: 'running' }]);
      assert.equal(running.state?.new_jobs, null);

      assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, {})).status, 204);
      await eventually(async () => (await client.poll()).state?.CurrentJobs?.[0]?.status === 'stopping', {
        what: 'the runner to read stopping',
        interval: 200,
      });
      const stop = client.keepPolling();
      try {
        const lower = { jobs: [{ id: taskId, status: 'stopped', logrecords: [{ time: at, message: 'killed' }] }] };
        assert.equal((await client.progress(lower)).status, 204);
        assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
      } finally {
        stop();
      }
      assert.ok((await stack.admin.output(f.projectId, taskId)).includes('killed'));

      assert.equal((await client.unregister()).status, 204);
      assert.equal((await client.poll()).status, 404);
      assert.ok(!(await stack.admin.get('/api/runners')).body.some((r: any) => r.id === runnerId));
    });

    test('with a registered RSA key the poll comes encrypted in 256-byte chunks that decrypt to the state', async () => {
      const client = new ProtocolClient(stack.base);
      assert.equal((await client.registerWithKey({ registration_token: REGISTRATION })).status, 200);
      await tagNewestRunner(stack, 'sealed');
      const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'sealed' });
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      const answer = await pollForJob(client, taskId);
      assert.equal(answer.contentType, 'application/octet-stream');
      assert.ok(answer.raw.length > 256 && answer.raw.length % 256 === 0, `${answer.raw.length} bytes`);
      assert.ok(!answer.raw.includes(Buffer.from(SECRET)), 'the secret does not travel in clear');
      assert.equal(answer.state?.new_jobs?.[0].environment.secrets[0].secret, SECRET);
      const stop = client.keepPolling();
      try {
        await client.progress({ Jobs: [{ ID: taskId, Status: 'success', LogRecords: [] }] });
        assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
      } finally {
        stop();
      }
      await client.unregister();
    });

    test("a task's secret survey values come in its job's task.secret, stored only sealed and only until its run ends", async () => {
      const client = new ProtocolClient(stack.base);
      await registerTagged(stack, client, 'proto-secret');
      const templateId = await createTemplate(stack.admin, f, 'hello.sh', {
        runner_tag: 'proto-secret',
        survey_vars: [{ name: 'db_password', title: 'Database password', type: 'secret' }],
      });
      const value = 'survey-SECRET-value-77';
      const taskId = await runTask(stack.admin, f.projectId, templateId, {
        secret: JSON.stringify({ db_password: value }),
      });
      const { state } = await pollForJob(client, taskId);
      const job = state?.new_jobs?.find((j) => j.task.id === taskId) as Record<string, any>;
      assert.deepEqual(JSON.parse(job.task.secret), { db_password: value });
      assert.deepEqual(job.signalman.material.surveySecrets, { db_password: value });
      const kept = await stack.db.taskRunnerSecret.findUnique({ where: { task_id: taskId } });
      assert.ok(kept && !kept.sealed.includes(value), 'kept sealed while the runner may still fetch its job');
      const seen = await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`);
      assert.ok(!seen.text.includes(value), 'the API never shows it');
      const stop = client.keepPolling();
      try {
        await client.progress({ Jobs: [{ ID: taskId, Status: 'success', LogRecords: [] }] });
        assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
      } finally {
        stop();
      }
      await eventually(async () => (await stack.db.taskRunnerSecret.count({ where: { task_id: taskId } })) === 0, {
        what: "the sealed values to go once the task's run step ended",
        interval: 200,
      });
      await client.unregister();
    });
  });
}
