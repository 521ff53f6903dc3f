// Views (template tabs) through the API, on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { memberClient, projectEvents } from './support/members.ts';

for (const kind of DB_KINDS) {
  describe(`views on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let other: ProjectFixture;
    const url = (path = '') => `/api/project/${f.projectId}/views${path}`;

    before(async () => {
      stack = await startInProcess(kind);
      f = await createProjectWithRepo(stack.admin, 'file:///nowhere/repo');
      other = await createProjectWithRepo(stack.admin, 'file:///nowhere/other');
    });
    after(async () => stack?.close());

    test('a view is created with 201, read back, listed by position, updated and deleted, each change logged', async () => {
      const b = await stack.admin.post(url(), { title: 'Deploy', position: 2 });
      assert.equal(b.status, 201, b.text);
      assert.deepEqual(b.body, { id: b.body.id, project_id: f.projectId, title: 'Deploy', position: 2 });
      const a = await stack.admin.post(url(), { title: 'Build', position: 1 });
      assert.equal(a.status, 201, a.text);
      assert.deepEqual(
        (await stack.admin.get(url())).body.map((v: { title: string }) => v.title),
        ['Build', 'Deploy'],
      );
      assert.deepEqual((await stack.admin.get(url(`/${b.body.id}`))).body, b.body);

      const put = await stack.admin.put(url(`/${b.body.id}`), {
        id: b.body.id,
        project_id: f.projectId,
        title: 'Release',
        position: 0,
      });
      assert.equal(put.status, 204, put.text);
      assert.deepEqual(
        (await stack.admin.get(url())).body.map((v: { title: string }) => v.title),
        ['Release', 'Build'],
      );

      assert.equal((await stack.admin.delete(url(`/${a.body.id}`))).status, 204);
      assert.equal((await stack.admin.get(url(`/${a.body.id}`))).status, 404);
      const events = (await projectEvents(stack, f.projectId)).filter((e) => e.object_type === 'view');
      assert.deepEqual(
        events.map((e) => e.description),
        ['View Build deleted', 'View Release updated', 'View Build created', 'View Deploy created'],
      );
    });

    test('POST /views/positions moves several views at once', async () => {
      const x = (await stack.admin.post(url(), { title: 'X', position: 10 })).body;
      const y = (await stack.admin.post(url(), { title: 'Y', position: 11 })).body;
      const res = await stack.admin.post(url('/positions'), { [x.id]: 21, [y.id]: 20 });
      assert.equal(res.status, 204, res.text);
      assert.equal((await stack.admin.get(url(`/${x.id}`))).body.position, 21);
      assert.equal((await stack.admin.get(url(`/${y.id}`))).body.position, 20);
    });

    test('positions naming a view of another project change nothing', async () => {
      const mine = (await stack.admin.post(url(), { title: 'Mine', position: 5 })).body;
      const theirs = (await stack.admin.post(`/api/project/${other.projectId}/views`, { title: 'Theirs', position: 5 }))
        .body;
      const res = await stack.admin.post(url('/positions'), { [mine.id]: 99, [theirs.id]: 99 });
      assert.equal(res.status, 400);
      assert.match(res.body.error, new RegExp(`view ${theirs.id} not found in project ${f.projectId}`));
      assert.equal((await stack.admin.get(url(`/${mine.id}`))).body.position, 5);
      assert.equal((await stack.admin.get(`/api/project/${other.projectId}/views/${theirs.id}`)).body.position, 5);
    });

    test('bad bodies are 400 naming the field', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ['', {}, /^title: /],
        ['', { title: '  ' }, /^title: must not be empty/],
        ['', { title: 'ok', position: 'first' }, /^position: /],
        ['', { title: 'ok', position: -1 }, /^position: must not be negative/],
        ['', { title: 'ok', project_id: other.projectId }, /^project_id: /],
        ['/positions', { abc: 1 }, /^abc: is not a view id/],
        ['/positions', [1, 2], /^body: /],
        ['/positions', { 1: 'x' }, /^1: /],
        ['/positions', { 9999999999: 1 }, /^9999999999: is not a view id/],
        ['', { title: 'nul\u0000byte' }, /^title: /],
      ];
      for (const [path, body, message] of cases) {
        const res = await stack.admin.post(url(path), body);
        assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}: ${res.text}`);
        assert.match(res.body.error, message, JSON.stringify(body));
      }
      const v = (await stack.admin.post(url(), { title: 'Z' })).body;
      const mismatch = await stack.admin.put(url(`/${v.id}`), { id: v.id + 1, title: 'Z' });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.body.error, /^id: /);
    });

    test('a view of another project is not found through this project', async () => {
      const theirs = (await stack.admin.post(`/api/project/${other.projectId}/views`, { title: 'Other' })).body;
      assert.equal((await stack.admin.get(url(`/${theirs.id}`))).status, 404);
      assert.equal((await stack.admin.put(url(`/${theirs.id}`), { title: 'Hijacked' })).status, 404);
      assert.equal((await stack.admin.delete(url(`/${theirs.id}`))).status, 404);
      assert.equal((await stack.admin.get(url(`/${theirs.id}/templates`))).status, 404);
      assert.equal((await stack.admin.get(`/api/project/${other.projectId}/views/${theirs.id}`)).body.title, 'Other');
      assert.equal((await stack.admin.get(url('/999999'))).status, 404);
      assert.equal((await stack.admin.get(url('/abc'))).status, 400);
    });

    test('GET /views/{id}/templates lists the templates of that view; deleting the view keeps them', async () => {
      const view = (await stack.admin.post(url(), { title: 'Scripts' })).body;
      const inView = await createTemplate(stack.admin, f, 'a.sh', { view_id: view.id });
      await createTemplate(stack.admin, f, 'b.sh');
      const list = await stack.admin.get(url(`/${view.id}/templates`));
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((t: { id: number }) => t.id),
        [inView],
      );
      assert.equal(list.body[0].view_id, view.id);
      assert.equal((await stack.admin.delete(url(`/${view.id}`))).status, 204);
      const tpl = await stack.admin.get(`/api/project/${f.projectId}/templates/${inView}`);
      assert.equal(tpl.status, 200);
      assert.equal(tpl.body.view_id, null);
    });

    test('members may read views; only roles that manage resources may change them', async () => {
      const runner = await memberClient(stack, f.projectId, 'task_runner');
      assert.equal((await runner.get(url())).status, 200);
      const refused = await runner.post(url(), { title: 'Nope' });
      assert.equal(refused.status, 403);
      assert.equal(
        (await stack.admin.get(url())).body.some((v: { title: string }) => v.title === 'Nope'),
        false,
      );
      const manager = await memberClient(stack, f.projectId, 'manager');
      assert.equal((await manager.post(url(), { title: 'Managed' })).status, 201);
    });
  });
}
