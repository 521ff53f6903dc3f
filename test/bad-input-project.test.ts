// Malformed and hostile input on a project's own routes, its team and its tasks, on SQLite and
// PostgreSQL: always a 4xx with {"error": "..."} naming the field at fault, and nothing written
// (see support/bad-input/suite.ts). Also: a decision on a plan whose run is gone is a conflict,
// not a 500 that leaves the task "confirmed" for ever.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { badInputSuite } from './support/bad-input/suite.ts';
import { PROJECT_WRITE_ROUTES } from './support/bad-input/project-routes.ts';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { installStandIns } from './support/stand-ins.ts';
import { OBJECTS_REPO_FILES, ProjectObjects, stopAllTasks } from './support/project-objects.ts';
import { taskWorkflowId } from '../src/workflows/names.ts';

badInputSuite(PROJECT_WRITE_ROUTES);

for (const kind of DB_KINDS) {
  describe(`a plan whose run is gone, on ${kind}`, () => {
    let stack: InProcessStack;
    let o: ProjectObjects;

    before(async () => {
      installStandIns();
      stack = await startInProcess(kind);
      o = await ProjectObjects.create(stack.admin, makeRepo(OBJECTS_REPO_FILES).url);
    });
    after(async () => {
      if (stack) await stopAllTasks(stack.admin);
      await stack?.close();
    });

    for (const decision of ['confirm', 'reject']) {
      test(`${decision} answers 409 and ends the task as error, with the reason in its log`, async () => {
        const taskId = await o.planWaitingTask();
        await stack.client.workflow.getHandle(taskWorkflowId(taskId)).terminate('lost for the test');
        const res = await stack.admin.post(`/api/project/${o.projectId}/tasks/${taskId}/${decision}`, {});
        assert.equal(res.status, 409, res.text);
        assert.match(res.body.error, new RegExp(`^task ${taskId}: its run was lost`));
        assert.equal((await stack.admin.get(`/api/project/${o.projectId}/tasks/${taskId}`)).body.status, 'error');
        assert.ok((await stack.admin.output(o.projectId, taskId)).some((l) => l.startsWith('The run was lost')));
      });
    }
  });
}
