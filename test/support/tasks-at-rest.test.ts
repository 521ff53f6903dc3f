// The barrier that bad-input and access tests take their "before" and "after" snapshots behind:
// it waits for what a task still writes, and only for that.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './in-process.ts';
import { makeRepo } from './git-repo.ts';
import { workDir } from './env.ts';
import { eventually } from './eventually.ts';
import { OBJECTS_REPO_FILES, ProjectObjects, stopAllTasks } from './project-objects.ts';
import { changes, snapshot, stillSnapshot } from './db-snapshot.ts';
import { tasksAtWork } from './tasks-at-rest.ts';
import { taskWorkflowId } from '../../src/workflows/names.ts';

describe('tasks at rest', () => {
  let stack: InProcessStack;
  let o: ProjectObjects;
  const gate = join(workDir('gate'), 'release');

  before(async () => {
    stack = await startInProcess('sqlite');
    const files = {
      ...OBJECTS_REPO_FILES,
      'gated.sh': `echo waiting\nwhile [ ! -f ${gate} ]; do sleep 0.05; done\necho released\n`,
    };
    o = await ProjectObjects.create(stack.admin, makeRepo(files).url);
  });
  after(async () => {
    if (stack) await stopAllTasks(stack.admin);
    await stack?.close();
  });

  const atRestNow = () =>
    eventually(async () => (await tasksAtWork(stack)).length === 0, { what: 'every task to be at rest' });
  const workflowStatus = async (id: number) =>
    (await stack.client.workflow.getHandle(taskWorkflowId(id)).describe()).status.name;

  test('a run that may still write is named as at work; stillSnapshot returns once its finish is written, and nothing comes after', async () => {
    const id = await o.task(await o.template({ playbook: 'gated.sh' }));
    await stack.admin.waitForTask(o.projectId, id, ['running']);
    assert.match(
      (await tasksAtWork(stack)).join('\n'),
      new RegExp(`^task ${id} \\(running\\): .*runTask is under way`, 'm'),
    );
    writeFileSync(gate, '');
    const still = await stillSnapshot(stack);
    assert.equal((await stack.db.task.findUniqueOrThrow({ where: { id } })).status, 'success');
    const events = await stack.db.event.findMany({ where: { project_id: o.projectId } });
    assert.ok(
      events.some((e) => e.description.startsWith(`Task ID ${id} (`) && e.description.includes(' finished - ')),
    );
    assert.notEqual(await workflowStatus(id), 'RUNNING');
    assert.deepEqual(changes(still, await snapshot(stack.db)), []);
  });

  test('a run whose script said it is idle is at rest; once stopped, stillSnapshot waits for its workflow to close', async () => {
    const id = await o.runningTask();
    await atRestNow();
    assert.equal((await stack.db.task.findUniqueOrThrow({ where: { id } })).status, 'running');
    assert.equal((await stack.admin.delete(`/api/tasks/${id}`)).status, 204);
    await stillSnapshot(stack);
    assert.equal((await stack.db.task.findUniqueOrThrow({ where: { id } })).status, 'stopped');
    assert.notEqual(await workflowStatus(id), 'RUNNING');
  });

  test('a task waiting for a runner is at rest', async () => {
    const id = await o.task(await o.template({ runner_tag: 'nobody-polls' }));
    await atRestNow();
    assert.equal(await workflowStatus(id), 'RUNNING');
    assert.ok((await stack.admin.output(o.projectId, id)).some((l) => l.startsWith('Waiting for a runner with tag')));
  });
});
