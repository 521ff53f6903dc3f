// max_task_duration_sec on a runner speaking Semaphore's protocol: past it the runner learns
// `stopping` at its next poll, and the task it then reports stopped ends as error, "Task timed out",
// as a task run by the server's own workers does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';
import { ProtocolClient } from './support/protocol-client.ts';
import { pollForJob, projectWithSecret, REGISTRATION, registerTagged } from './support/protocol-scene.ts';

describe('a protocol runner task past max_task_duration_sec', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;

  before(async () => {
    stack = await startInProcess('sqlite', {
      SEMAPHORE_RUNNER_REGISTRATION_TOKEN: REGISTRATION,
      SEMAPHORE_MAX_TASK_DURATION_SEC: '2',
    });
    f = await projectWithSecret(stack);
  });
  after(async () => stack?.close());

  test('the runner is told to stop, and the task it reports stopped ends as error, saying it timed out', async () => {
    const client = new ProtocolClient(stack.base);
    await registerTagged(stack, client, 'slow');
    const templateId = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'slow' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await pollForJob(client, taskId);
    await client.progress({
      Jobs: [{ ID: taskId, Status: 'running', LogRecords: [{ time: new Date().toISOString(), message: 'working' }] }],
    });
    // The runner keeps polling, as a busy runner does, until the server says stop.
    await eventually(
      async () => {
        const answer = await client.poll();
        return answer.state?.CurrentJobs?.some((j) => j.id === taskId && j.status === 'stopping');
      },
      { what: `task ${taskId} listed as stopping to its runner`, interval: 300, timeout: 30_000 },
    );
    await client.progress({ Jobs: [{ ID: taskId, Status: 'stopped', LogRecords: [] }] });
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    assert.equal(task.status, 'error');
    const out = await stack.admin.output(f.projectId, taskId);
    assert.ok(out.includes('working'), out.join('\n'));
    assert.ok(out.includes('Task timed out'), out.join('\n'));
    await client.unregister();
  });
});
