// How tasks reach runners speaking Semaphore's protocol: the runner's webhook hears start and
// finish; a runner that stops polling fails its task; an inactive runner gets nothing; a runner
// touches only its own tasks, and the decrypted keys go only to the runner given the task.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';
import { ProtocolClient } from './support/protocol-client.ts';
import { pollForJob, projectWithSecret, REGISTRATION, registerTagged, SECRET } from './support/protocol-scene.ts';

describe('dispatch to protocol runners', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let hookServer: Server;
  let hookUrl = '';
  const heard: Array<Record<string, unknown>> = [];

  before(async () => {
    stack = await startInProcess('sqlite', {
      SEMAPHORE_RUNNER_REGISTRATION_TOKEN: REGISTRATION,
      SEMAPHORE_RUNNERS_TASK_FAIL_TIMEOUT_SEC: '3',
    });
    f = await projectWithSecret(stack);
    hookServer = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        heard.push(JSON.parse(text));
        res.end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/hook`;
  });
  after(async () => {
    hookServer?.close();
    await stack?.close();
  });

  test("the runner's webhook hears start and finish of its task", async () => {
    const client = new ProtocolClient(stack.base);
    const runnerId = await registerTagged(stack, client, 'hooked', { webhook: hookUrl });
    const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'hooked' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const stop = client.keepPolling(300);
    try {
      await pollForJob(client, taskId);
      const start = {
        action: 'start',
        project_id: f.projectId,
        task_id: taskId,
        template_id: templateId,
        runner_id: runnerId,
      };
      await eventually(() => heard.some((h) => JSON.stringify(h) === JSON.stringify(start)), {
        what: `the start of task ${taskId} at the webhook (heard: ${JSON.stringify(heard)})`,
      });
      assert.ok(!heard.some((h) => h.action === 'finish'), 'no finish before the task ends');
      await client.progress({ Jobs: [{ ID: taskId, Status: 'success', LogRecords: [] }] });
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
      await eventually(() => heard.some((h) => h.action === 'finish' && h.task_id === taskId), {
        what: `the finish of task ${taskId} at the webhook`,
      });
    } finally {
      stop();
      await client.unregister();
    }
  });

  test('a task whose runner stops polling ends as error, saying why', async () => {
    const client = new ProtocolClient(stack.base);
    const runnerId = await registerTagged(stack, client, 'quiet');
    const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'quiet' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await pollForJob(client, taskId);
    await client.progress({ Jobs: [{ ID: taskId, Status: 'running', LogRecords: [] }] });
    // …and the runner is heard from no more.
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    assert.equal(task.status, 'error');
    const out = await stack.admin.output(f.projectId, taskId);
    assert.ok(out.includes(`Runner ${runnerId} has not polled for 3 seconds: the task failed`), out.join('\n'));
    await client.unregister();
  });

  test("a server worker that shuts down while following a runner's task hands it to the next one; the task is not lost", async () => {
    const client = new ProtocolClient(stack.base);
    const runnerId = await registerTagged(stack, client, 'steady', { webhook: hookUrl });
    const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'steady' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const stop = client.keepPolling(300);
    try {
      await pollForJob(client, taskId);
      const at = new Date().toISOString();
      await client.progress({
        Jobs: [{ ID: taskId, Status: 'running', LogRecords: [{ time: at, message: 'before the restart' }] }],
      });
      await stack.restartWorker();
      await eventually(
        async () =>
          (await stack.admin.output(f.projectId, taskId)).includes(`Following the task on runner ${runnerId} again`),
        { what: `task ${taskId} followed again by the new worker`, interval: 200 },
      );
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'running');
      await client.progress({
        Jobs: [
          { ID: taskId, Status: 'success', LogRecords: [{ time: new Date().toISOString(), message: 'after it' }] },
        ],
      });
      const task = await stack.admin.waitForTask(f.projectId, taskId);
      const out = await stack.admin.output(f.projectId, taskId);
      assert.equal(task.status, 'success', out.join('\n'));
      assert.ok(out.includes('before the restart') && out.includes('after it'), out.join('\n'));
      const starts = heard.filter((h) => h.action === 'start' && h.task_id === taskId);
      assert.equal(starts.length, 1, 'the runner was told of the start once');
    } finally {
      stop();
      await client.unregister();
    }
  });

  test('an inactive runner gets no task; once active it does', async () => {
    const client = new ProtocolClient(stack.base);
    const runnerId = await registerTagged(stack, client, 'dormant', { active: false });
    const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'dormant' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await eventually(
      async () => {
        const answer = await client.poll(); // the runner polls, so only its being inactive keeps the task away
        assert.equal(answer.state?.new_jobs, null);
        return (await stack.admin.output(f.projectId, taskId)).some((l) =>
          l.startsWith('Waiting for a runner with tag "dormant"'),
        );
      },
      { what: `task ${taskId} to say it waits`, interval: 200 },
    );
    for (let i = 0; i < 3; i++) {
      assert.equal((await client.poll()).state?.new_jobs, null);
      await new Promise((r) => setTimeout(r, 1000)); // the dispatcher looks once a second
    }
    assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'starting');
    assert.equal((await stack.admin.post(`/api/runners/${runnerId}/active`, { active: true })).status, 204);
    const stop = client.keepPolling(300);
    try {
      await pollForJob(client, taskId);
      await client.progress({ Jobs: [{ ID: taskId, Status: 'success', LogRecords: [] }] });
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    } finally {
      stop();
      await client.unregister();
    }
  });

  test("a runner cannot touch another runner's task, nor see its keys", async () => {
    const owner = new ProtocolClient(stack.base);
    const other = new ProtocolClient(stack.base);
    await registerTagged(stack, other, 'other-tag');
    await registerTagged(stack, owner, 'owned');
    const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'owned' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const stopOwner = owner.keepPolling(300);
    const stopOther = other.keepPolling(300);
    try {
      const given = await pollForJob(owner, taskId);
      assert.ok(given.raw.includes(Buffer.from(SECRET)), "the owner's poll carries the task's secret");
      const seen = await other.poll();
      assert.deepEqual(seen.state, { CurrentJobs: null, new_jobs: null, access_keys: {} });
      assert.ok(!seen.raw.includes(Buffer.from(SECRET)));

      const before = await stack.admin.output(f.projectId, taskId);
      const forged = {
        Jobs: [{ ID: taskId, Status: 'success', LogRecords: [{ time: new Date().toISOString(), message: 'forged' }] }],
      };
      assert.equal((await other.progress(forged)).status, 204); // ignored, as upstream ignores it
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'starting');
      assert.deepEqual(await stack.admin.output(f.projectId, taskId), before);
      assert.ok(!JSON.stringify((await other.poll()).state).includes(SECRET));

      await owner.progress({ Jobs: [{ ID: taskId, Status: 'success', LogRecords: [] }] });
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    } finally {
      stopOwner();
      stopOther();
      await owner.unregister();
      await other.unregister();
    }
  });
});
