// What Semaphore's own clients (its web UI, its dredd contract suite) rely on beyond the shapes:
// each template's last task in the templates lists, Content-Type exactly `application/json` (204
// answers too), and creates that ignore an `id` in the body. On SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';

for (const kind of DB_KINDS) {
  describe(`Semaphore's clients on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;

    before(async () => {
      stack = await startInProcess(kind);
      const repo = makeRepo({ 'hello.sh': 'echo hello\n', 'fail.sh': 'exit 3\n' });
      f = await createProjectWithRepo(stack.admin, repo.url);
    });
    after(async () => stack?.close());

    test('every template in the list, the one template and a view carry last_task: its latest task, or null', async () => {
      const view = (await stack.admin.post(`/api/project/${f.projectId}/views`, { title: 'tab', position: 0 })).body;
      const ran = await createTemplate(stack.admin, f, 'hello.sh', { view_id: view.id });
      const failing = await createTemplate(stack.admin, f, 'fail.sh');
      const never = await createTemplate(stack.admin, f, 'hello.sh', { view_id: view.id });
      const first = await runTask(stack.admin, f.projectId, ran);
      await stack.admin.waitForTask(f.projectId, first);
      const second = await runTask(stack.admin, f.projectId, ran, { message: 'again' });
      await stack.admin.waitForTask(f.projectId, second);
      const failed = await runTask(stack.admin, f.projectId, failing);
      await stack.admin.waitForTask(f.projectId, failed);

      const list = await stack.admin.get(`/api/project/${f.projectId}/templates`);
      assert.equal(list.status, 200);
      const byId = new Map(list.body.map((t: { id: number }) => [t.id, t]));
      const last = (byId.get(ran) as { last_task: Record<string, unknown> }).last_task;
      assert.equal(last.id, second);
      assert.equal(last.template_id, ran);
      assert.equal(last.status, 'success');
      assert.equal(last.message, 'again');
      assert.equal(last.user_id, (await stack.admin.get('/api/user')).body.id);
      assert.equal(last.user_name, (await stack.admin.get('/api/user')).body.name);
      assert.equal(last.tpl_playbook, 'hello.sh');
      assert.equal(last.tpl_app, 'bash');
      assert.ok('version' in last && 'end' in last && 'start' in last, JSON.stringify(last));
      assert.equal((byId.get(failing) as { last_task: { id: number; status: string } }).last_task.id, failed);
      assert.equal((byId.get(failing) as { last_task: { status: string } }).last_task.status, 'error');
      assert.equal((byId.get(never) as { last_task: unknown }).last_task, null);

      const one = await stack.admin.get(`/api/project/${f.projectId}/templates/${ran}`);
      assert.equal(one.body.last_task.id, second);
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/templates/${never}`)).body.last_task, null);

      const inView = (await stack.admin.get(`/api/project/${f.projectId}/views/${view.id}/templates`)).body;
      assert.deepEqual(
        inView.map((t: { id: number; last_task: { id: number } | null }) => [t.id, t.last_task?.id ?? null]).sort(),
        [
          [ran, second],
          [never, null],
        ].sort(),
      );
    });

    test('lists sort as upstream: ?sort=<column>&order=desc on keys, repositories, inventories, environments and templates', async () => {
      const project = (await stack.admin.post('/api/projects', { name: 'sorting' })).body.id;
      const p = `/api/project/${project}`;
      const names = async (url: string) =>
        (await stack.admin.get(url)).body
          .map((o: { name: string }) => o.name)
          .filter((n: string) => n.startsWith('s-'));
      await stack.admin.post(`${p}/keys`, { name: 's-b', type: 'none' });
      await stack.admin.post(`${p}/keys`, { name: 's-a', type: 'login_password', login_password: { password: 'x' } });
      await stack.admin.post(`${p}/keys`, { name: 's-c', type: 'none' });
      assert.deepEqual(await names(`${p}/keys`), ['s-a', 's-b', 's-c']);
      assert.deepEqual(await names(`${p}/keys?sort=name&order=desc`), ['s-c', 's-b', 's-a']);
      assert.deepEqual(await names(`${p}/keys?sort=name&order=asc`), ['s-a', 's-b', 's-c']);
      assert.deepEqual(await names(`${p}/keys?sort=type&order=desc`), ['s-b', 's-c', 's-a']);
      assert.deepEqual(await names(`${p}/keys?sort=secret&order=desc`), ['s-a', 's-b', 's-c'], 'an unknown column');
      for (const n of ['s-y', 's-x']) {
        await stack.admin.post(`${p}/inventory`, { name: n, inventory: 'localhost', type: 'static' });
        await stack.admin.post(`${p}/environment`, { name: n, json: '{}' });
      }
      const none = (await stack.admin.get(`${p}/keys`)).body.find((k: { name: string }) => k.name === 'None').id;
      for (const n of ['s-r1', 's-r2']) {
        await stack.admin.post(`${p}/repositories`, {
          name: n,
          git_url: 'file:///x',
          git_branch: 'main',
          ssh_key_id: none,
        });
      }
      assert.deepEqual(await names(`${p}/repositories?sort=name&order=desc`), ['s-r2', 's-r1']);
      assert.deepEqual(await names(`${p}/inventory?sort=name&order=desc`), ['s-y', 's-x']);
      assert.deepEqual(await names(`${p}/environment?sort=name&order=desc`), ['s-y', 's-x']);
      const t1 = await createTemplate(stack.admin, f, 'a.sh', { name: 's-1' });
      const t2 = await createTemplate(stack.admin, f, 'b.sh', { name: 's-2' });
      const byPlaybook = (await stack.admin.get(`/api/project/${f.projectId}/templates?sort=playbook&order=desc`)).body
        .map((t: { id: number }) => t.id)
        .filter((id: number) => id === t1 || id === t2);
      assert.deepEqual(byPlaybook, [t2, t1]);
    });

    test('JSON answers say Content-Type: application/json exactly, and so do 204 answers', async () => {
      const list = await stack.admin.get(`/api/project/${f.projectId}/keys`);
      assert.equal(list.headers.get('content-type'), 'application/json');
      const missing = await stack.admin.get(`/api/project/${f.projectId}/keys/999999`);
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('content-type'), 'application/json');
      const created = await stack.admin.post(`/api/project/${f.projectId}/keys`, { name: 'k', type: 'none' });
      assert.equal(created.status, 204);
      assert.equal(created.headers.get('content-type'), 'application/json');
      assert.equal(created.text, '');
      const ping = await stack.anonymous.get('/api/ping');
      assert.match(ping.headers.get('content-type') ?? '', /^text\/plain/);
      const docs = await stack.anonymous.get('/api/docs');
      assert.match(docs.headers.get('content-type') ?? '', /^text\/html/);
    });

    test('creates ignore an id in the body (the object gets its own), as upstream does', async () => {
      const p = `/api/project/${f.projectId}`;
      const tpl = await createTemplate(stack.admin, f, 'hello.sh');
      const integration = await stack.admin.post(`${p}/integrations`, { id: -5, name: 'hook', template_id: tpl });
      assert.equal(integration.status, 201, integration.text);
      assert.ok(integration.body.id > 0);
      const iid = integration.body.id;
      const creates: Array<[string, Record<string, unknown>, number]> = [
        [`${p}/schedules`, { template_id: tpl, cron_format: '0 3 * * *' }, 201],
        [
          `${p}/integrations/${iid}/matchers`,
          { name: 'm', match_type: 'body', method: 'equals', body_data_type: 'json', key: 'k', value: 'v' },
          200,
        ],
        [
          `${p}/integrations/${iid}/values`,
          { name: 'v', value_source: 'body', body_data_type: 'json', key: 'k', variable: 'x' },
          201,
        ],
        [`${p}/views`, { title: 'v' }, 201],
        [`${p}/inventory`, { name: 'i', inventory: 'localhost', type: 'static' }, 201],
        [`${p}/keys`, { name: 'idkey', type: 'none' }, 204],
        [`${p}/environment`, { name: 'idenv', json: '{}' }, 204],
        [`${p}/repositories`, { name: 'idrepo', git_url: 'file:///x', git_branch: 'main', ssh_key_id: f.keyId }, 204],
        [`${p}/templates`, { name: 'idtpl', app: 'bash', playbook: 'x.sh', repository_id: f.repositoryId }, 201],
        ['/api/projects', { name: 'idproject' }, 201],
      ];
      for (const [url, body, status] of creates) {
        for (const id of [-100000000, 1, 999999]) {
          const res = await stack.admin.post(url, { ...body, id, ...(body.name ? { name: `${body.name}${id}` } : {}) });
          assert.equal(res.status, status, `${url} with id ${id}: ${res.text}`);
          if (res.body?.id !== undefined) assert.notEqual(res.body.id, id, `${url} took the body's id`);
        }
      }
      // A PUT's id is still checked against the path.
      const view = (await stack.admin.post(`${p}/views`, { title: 'w' })).body;
      const put = await stack.admin.put(`${p}/views/${view.id}`, { id: view.id + 1, title: 'w2' });
      assert.equal(put.status, 400);
      assert.match(put.body.error, /^id: /);
    });
  });
}
