// Upgrades: the task workflows that an earlier Signalman started must replay on this version's
// workflow code (Temporal replays a workflow's history whenever a worker picks it up again, e.g.
// after a restart); a change in the order of its steps needs a patch, or the task gets stuck.
// The histories under fixtures/workflow-histories were recorded from Signalman 0.1.0 (commit
// 24e65a7) with `temporal workflow show --output json`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { installRuntime, workflowSource } from '../src/worker/task-worker.ts';
import { taskWorkflowId } from '../src/workflows/names.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask } from './support/fixtures.ts';

const dir = join(import.meta.dirname, 'fixtures', 'workflow-histories');

async function replay(history: unknown, workflowId: string): Promise<void> {
  installRuntime();
  await Worker.runReplayHistory(workflowSource(), historyFromJSON(history), workflowId);
}

describe('task workflows replay across versions', () => {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    test(`a ${file.replace(/\.json$/, '')} task of an earlier version replays on this code`, async () => {
      const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      await replay(history, 'recorded');
    });
  }

  test('a recorded history whose steps were reordered is refused (the check can fail)', async () => {
    const history = JSON.parse(readFileSync(join(dir, '0.1.0-success.json'), 'utf8'));
    const scheduled = history.events.filter(
      (e: { eventType: string }) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    );
    // The first step of 0.1.0 asked for a slot; claim it started the task instead.
    scheduled[0].activityTaskScheduledEventAttributes.activityType.name = 'startTask';
    await assert.rejects(replay(history, 'tampered'), /nondetermin|activity type/i);
  });

  describe('a task of this version', () => {
    let stack: InProcessStack;
    before(async () => {
      stack = await startInProcess('sqlite');
    });
    after(async () => {
      await stack?.close();
    });

    test('replays on this code', async () => {
      const repo = makeRepo({ 'hello.sh': 'echo "hello"\n' });
      const f = await createProjectWithRepo(stack.admin, repo.url);
      const template = await createTemplate(stack.admin, f, 'hello.sh');
      const taskId = await runTask(stack.admin, f.projectId, template);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
      const history = await stack.client.workflow.getHandle(taskWorkflowId(taskId)).fetchHistory();
      await Worker.runReplayHistory(workflowSource(), history, taskWorkflowId(taskId));
    });

    test('with secret survey values (sealed in its input, given to its run) replays on this code', async () => {
      const repo = makeRepo({ 'hello.sh': 'echo "hello"\n' });
      const f = await createProjectWithRepo(stack.admin, repo.url);
      const template = await createTemplate(stack.admin, f, 'hello.sh', {
        survey_vars: [{ name: 'token', title: 'Token', type: 'secret' }],
      });
      const taskId = await runTask(stack.admin, f.projectId, template, { secret: JSON.stringify({ token: 'tk' }) });
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
      const history = await stack.client.workflow.getHandle(taskWorkflowId(taskId)).fetchHistory();
      await Worker.runReplayHistory(workflowSource(), history, taskWorkflowId(taskId));
    });
  });
});
