// JSON text columns holding bad JSON (a hand edit, a broken import): every request that needs the
// column answers 500 with one message naming table, row and column, nothing is half-read, and a
// schedule whose task_params are bad starts nothing and says why in the event log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { OBJECTS_REPO_FILES, ProjectObjects } from './support/project-objects.ts';

describe('bad JSON stored in text columns', () => {
  let stack: InProcessStack;
  let p: ProjectObjects;
  const path = (rest: string) => `/api/project/${p.projectId}${rest}`;

  before(async () => {
    stack = await startInProcess('sqlite');
    p = await ProjectObjects.create(stack.admin, makeRepo(OBJECTS_REPO_FILES).url);
  });
  after(async () => stack?.close());

  const answers = async (url: string, body?: unknown) =>
    body === undefined ? stack.admin.get(url) : stack.admin.post(url, body);

  test("a template's survey_vars that are not JSON: reading it or its list is a 500 naming the row", async () => {
    const id = await p.template();
    await stack.db.template.update({ where: { id }, data: { survey_vars: '[{"name":' } });
    for (const url of [path(`/templates/${id}`), path('/templates')]) {
      const res = await answers(url);
      assert.equal(res.status, 500, url);
      assert.deepEqual(res.body, { error: `template ${id} survey_vars: not valid JSON` });
    }
  });

  test("a template's task_params that are no object: no task starts from it, and nothing is stored", async () => {
    const id = await p.template();
    await stack.db.template.update({ where: { id }, data: { task_params: '[1,2]' } });
    const before = await stack.db.task.count();
    const res = await answers(path('/tasks'), { template_id: id });
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, { error: `template ${id} task_params: must be a JSON object` });
    assert.equal(await stack.db.task.count(), before);
  });

  test("JSON null (Semaphore's empty list and map) reads as empty", async () => {
    const id = await p.template();
    await stack.db.template.update({ where: { id }, data: { survey_vars: 'null', task_params: 'null' } });
    const res = await answers(path(`/templates/${id}`));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.survey_vars, res.body.task_params], [[], {}]);
  });

  test("a schedule's and an integration's task_params, a task's params: the same error", async () => {
    const scheduleId = await p.schedule();
    await stack.db.schedule.update({ where: { id: scheduleId }, data: { task_params: '{"limit": ' } });
    const integrationId = await p.integration();
    await stack.db.integration.update({ where: { id: integrationId }, data: { task_params: '"web"' } });
    const taskId = await p.finishedTask();
    await stack.db.task.update({ where: { id: taskId }, data: { params: '{' } });
    const cases: Array<[string, string]> = [
      [path(`/schedules/${scheduleId}`), `schedule ${scheduleId} task_params: not valid JSON`],
      [path('/schedules'), `schedule ${scheduleId} task_params: not valid JSON`],
      [path(`/integrations/${integrationId}`), `integration ${integrationId} task_params: must be a JSON object`],
      [path(`/tasks/${taskId}`), `task ${taskId} params: not valid JSON`],
    ];
    for (const [url, error] of cases) {
      const res = await answers(url);
      assert.equal(res.status, 500, url);
      assert.deepEqual(res.body, { error }, url);
    }
  });
});
