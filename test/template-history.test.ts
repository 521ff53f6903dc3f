// A template's task history and last tasks, on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';

for (const kind of DB_KINDS) {
  describe(`template task history on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let other: ProjectFixture;
    let templateId: number;
    let taskIds: number[];
    const url = (path: string) => `/api/project/${f.projectId}/templates/${templateId}${path}`;

    before(async () => {
      stack = await startInProcess(kind);
      const repo = makeRepo({ 'ok.sh': 'echo ok\n' });
      f = await createProjectWithRepo(stack.admin, repo.url);
      other = await createProjectWithRepo(stack.admin, repo.url);
      templateId = await createTemplate(stack.admin, f, 'ok.sh');
      const sibling = await createTemplate(stack.admin, f, 'ok.sh');
      taskIds = [];
      for (let i = 0; i < 3; i++)
        taskIds.push(await runTask(stack.admin, f.projectId, templateId, { message: `run ${i}` }));
      await runTask(stack.admin, f.projectId, sibling);
      for (const id of taskIds) await stack.admin.waitForTask(f.projectId, id);
    });
    after(async () => stack?.close());

    test("GET /templates/{id}/tasks lists only that template's tasks, newest first, with template fields", async () => {
      const res = await stack.admin.get(url('/tasks'));
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((t: { id: number }) => t.id),
        [...taskIds].reverse(),
      );
      const newest = res.body[0];
      assert.equal(newest.template_id, templateId);
      assert.equal(newest.message, 'run 2');
      assert.equal(newest.tpl_playbook, 'ok.sh');
      assert.equal(newest.tpl_app, 'bash');
      assert.ok('tpl_alias' in newest && 'tpl_type' in newest);
    });

    test('GET /templates/{id}/tasks/last honours ?limit and caps it at 200', async () => {
      const two = await stack.admin.get(url('/tasks/last?limit=2'));
      assert.equal(two.status, 200);
      assert.deepEqual(
        two.body.map((t: { id: number }) => t.id),
        [taskIds[2], taskIds[1]],
      );
      const all = await stack.admin.get(url('/tasks/last'));
      assert.equal(all.body.length, 3);
      const capped = await stack.admin.get(url('/tasks/last?limit=5000'));
      assert.equal(capped.status, 200);
      assert.equal(capped.body.length, 3);
      for (const bad of ['abc', '0', '-1', '1.5']) {
        const res = await stack.admin.get(url(`/tasks/last?limit=${bad}`));
        assert.equal(res.status, 400, bad);
        assert.match(res.body.error, /^limit: /);
      }
    });

    test('a template of another project, or none, is not found', async () => {
      const theirs = await createTemplate(stack.admin, other, 'ok.sh');
      for (const path of [
        `/templates/${theirs}/tasks`,
        `/templates/${theirs}/tasks/last`,
        '/templates/999999/tasks',
        '/templates/999999/tasks/last',
      ]) {
        assert.equal((await stack.admin.get(`/api/project/${f.projectId}${path}`)).status, 404, path);
      }
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/templates/x/tasks`)).status, 400);
    });
  });
}
