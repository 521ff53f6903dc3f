// The global admin routes (/api/options, /api/runners, /api/apps, /api/tasks) and /api/info, on
// SQLite and PostgreSQL: what admins can do, and that everyone else is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { createUser, type TestUser } from './support/users.ts';

for (const kind of DB_KINDS) {
  describe(`admin routes on ${kind}`, () => {
    let stack: InProcessStack;
    let user: TestUser;
    let f: ProjectFixture;

    before(async () => {
      stack = await startInProcess(kind);
      user = await createUser(stack, 'plain');
      const repo = makeRepo({ 'long.sh': 'echo started\nsleep 600\n' });
      f = await createProjectWithRepo(stack.admin, repo.url);
    });
    after(async () => stack?.close());

    test('a user who is not a global admin gets 403 on every admin route; an anonymous caller 401', async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/api/options'],
        ['POST', '/api/options', { key: 'a', value: 'b' }],
        ['GET', '/api/runners'],
        ['POST', '/api/runners', {}],
        ['GET', '/api/runners/1'],
        ['PUT', '/api/runners/1', {}],
        ['DELETE', '/api/runners/1'],
        ['POST', '/api/runners/1/active', { active: false }],
        ['GET', '/api/apps/ansible'],
        ['PUT', '/api/apps/ansible', { title: 'x' }],
        ['DELETE', '/api/apps/ansible'],
        ['POST', '/api/apps/ansible/active', { active: false }],
        ['GET', '/api/tasks'],
        ['GET', '/api/tasks/1'],
        ['DELETE', '/api/tasks/1'],
      ];
      for (const [method, path, body] of routes) {
        const res = await user.api.request(method, path, body);
        assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
        assert.equal(typeof res.body.error, 'string');
        assert.equal((await stack.anonymous.request(method, path, body)).status, 401, `${method} ${path} anonymous`);
      }
    });

    test('options: set one (200, echoed), read them all as a map; bad keys and long values are 400', async () => {
      const set = await stack.admin.post('/api/options', { key: 'email.host_name', value: 'smtp.example.test' });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body, { key: 'email.host_name', value: 'smtp.example.test' });
      assert.equal((await stack.admin.post('/api/options', { key: 'email.host_name', value: 'smtp2' })).status, 200);
      const all = await stack.admin.get('/api/options');
      assert.equal(all.status, 200);
      assert.equal(all.body['email.host_name'], 'smtp2');
      const bad: Array<[unknown, RegExp]> = [
        [{ key: 'no spaces allowed', value: 'x' }, /^key: /],
        [{ key: 'a/b', value: 'x' }, /^key: /],
        [{ key: '', value: 'x' }, /^key: /],
        [{ key: 'k', value: 'x'.repeat(1001) }, /^value: must be at most 1000 characters/],
        [{ key: 'k', value: 5 }, /^value: must be a string/],
        [{ key: 'k' }, /^value: /],
      ];
      for (const [body, message] of bad) {
        const res = await stack.admin.post('/api/options', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error, message);
      }
      assert.equal(all.body.k, undefined);
    });

    test('runners: created with 201 and a token shown once (base64 of 32 bytes), never again', async () => {
      const created = await stack.admin.post('/api/runners', {
        name: 'builder',
        webhook: 'https://hooks.example.test/r',
        max_parallel_tasks: 2,
        tag: 'linux',
      });
      assert.equal(created.status, 201, created.text);
      const { token, id } = created.body;
      assert.match(token, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(Buffer.from(token, 'base64').length, 32);
      assert.deepEqual(
        { ...created.body, touched: undefined },
        {
          id,
          project_id: null,
          name: 'builder',
          webhook: 'https://hooks.example.test/r',
          max_parallel_tasks: 2,
          active: true,
          tag: 'linux',
          touched: undefined,
          token,
        },
      );
      const one = await stack.admin.get(`/api/runners/${id}`);
      const list = await stack.admin.get('/api/runners');
      assert.equal(one.status, 200);
      assert.equal(one.body.name, 'builder');
      assert.ok(list.body.some((r: { id: number }) => r.id === id));
      for (const res of [one, list]) {
        assert.ok(!res.text.includes(token), 'the token is not shown again');
        assert.ok(!res.text.includes('"token"'));
      }
      const row = await stack.db.runner.findUniqueOrThrow({ where: { id } });
      assert.notEqual(row.token, token, 'the database does not keep the token itself');

      assert.equal(
        (await stack.admin.put(`/api/runners/${id}`, { name: 'builder 2', max_parallel_tasks: 5 })).status,
        204,
      );
      assert.equal((await stack.admin.post(`/api/runners/${id}/active`, { active: false })).status, 204);
      const updated = (await stack.admin.get(`/api/runners/${id}`)).body;
      assert.deepEqual([updated.name, updated.max_parallel_tasks, updated.active], ['builder 2', 5, false]);

      for (const [body, message] of [
        [{ max_parallel_tasks: -1 }, /^max_parallel_tasks: must not be negative/],
        [{ webhook: 'ftp://x' }, /^webhook: must be an http\(s\) URL/],
        [{ name: 7 }, /^name: must be a string/],
      ] as Array<[unknown, RegExp]>) {
        const res = await stack.admin.put(`/api/runners/${id}`, body);
        assert.equal(res.status, 400);
        assert.match(res.body.error, message);
      }
      assert.equal((await stack.admin.post(`/api/runners/${id}/active`, { active: 'no' })).status, 400);
      assert.equal((await stack.admin.get('/api/runners/abc')).status, 400);
      assert.equal((await stack.admin.delete(`/api/runners/${id}`)).status, 204);
      assert.equal((await stack.admin.get(`/api/runners/${id}`)).status, 404);
      assert.equal((await stack.admin.delete(`/api/runners/${id}`)).status, 404);
    });

    test('apps: every user lists them; admins change, deactivate and reset one (stored as apps.<id>.<field> options)', async () => {
      const list = await user.api.get('/api/apps');
      assert.equal(list.status, 200);
      const ids = list.body.map((a: { id: string }) => a.id);
      for (const id of ['ansible', 'terraform', 'tofu', 'terragrunt', 'bash', 'python', 'powershell', 'pulumi'])
        assert.ok(ids.includes(id), id);
      const ansible = list.body.find((a: { id: string }) => a.id === 'ansible');
      for (const field of ['title', 'icon', 'color', 'dark_icon', 'active', 'path', 'args'])
        assert.ok(field in ansible, field);

      assert.equal((await stack.admin.put('/api/apps/bash', { title: 'Shell', args: ['-e'] })).status, 204);
      assert.equal((await stack.admin.post('/api/apps/bash/active', { active: false })).status, 204);
      const bash = (await stack.admin.get('/api/apps/bash')).body;
      assert.deepEqual([bash.title, bash.args, bash.active, bash.path], ['Shell', ['-e'], false, 'bash']);
      const options = (await stack.admin.get('/api/options')).body;
      assert.equal(options['apps.bash.title'], 'Shell');
      assert.equal(options['apps.bash.active'], 'false');

      assert.equal((await stack.admin.delete('/api/apps/bash')).status, 204);
      const reset = (await stack.admin.get('/api/apps/bash')).body;
      assert.deepEqual([reset.title, reset.active], ['Bash', true]);
      assert.equal((await stack.admin.get('/api/apps/nosuchapp')).status, 404);
      assert.equal((await stack.admin.delete('/api/apps/nosuchapp')).status, 404);
      assert.equal((await stack.admin.put('/api/apps/bad-id', { title: 'x' })).status, 400);
      const badArgs = await stack.admin.put('/api/apps/bash', { args: 'rm -rf /' });
      assert.equal(badArgs.status, 400);
      assert.match(badArgs.body.error, /^args: /);
    });

    test('tasks: queued and running tasks of every project, one by id, and a DELETE that stops it', async () => {
      const templateId = await createTemplate(stack.admin, f, 'long.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      await stack.admin.waitForTask(f.projectId, taskId, ['running']);
      // A task that is only in the queue: its row exists, nothing has started it yet.
      const queued = await stack.db.task.create({
        data: { project_id: f.projectId, template_id: templateId, status: 'waiting', user_id: user.id },
      });
      const project = (await stack.admin.get(`/api/project/${f.projectId}`)).body;

      const list = await stack.admin.get('/api/tasks');
      assert.equal(list.status, 200);
      const running = list.body.find((t: { task_id: number }) => t.task_id === taskId);
      assert.deepEqual(running, {
        task_id: taskId,
        project_id: f.projectId,
        project_name: project.name,
        username: 'admin',
        runner_id: null,
        runner_name: '',
        status: 'running',
        location: 'running',
      });
      const waiting = list.body.find((t: { task_id: number }) => t.task_id === queued.id);
      assert.deepEqual([waiting.location, waiting.status, waiting.username], ['queue', 'waiting', user.username]);
      assert.deepEqual((await stack.admin.get(`/api/tasks/${taskId}`)).body, running);

      assert.equal((await stack.admin.delete(`/api/tasks/${taskId}`)).status, 204);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId, ['stopped'])).status, 'stopped');
      assert.equal((await stack.admin.delete(`/api/tasks/${queued.id}`)).status, 204);
      assert.equal((await stack.admin.waitForTask(f.projectId, queued.id, ['stopped'])).status, 'stopped');
      assert.equal((await stack.admin.get(`/api/tasks/${taskId}`)).status, 404);
      assert.ok(
        !(await stack.admin.get('/api/tasks')).body.some(
          (t: { task_id: number }) => t.task_id === taskId || t.task_id === queued.id,
        ),
      );
      assert.equal((await stack.admin.get('/api/tasks/abc')).status, 400);
    });

    test('/api/info answers version, the ansible-core version, web_host and use_remote_runner', async () => {
      const info = await user.api.get('/api/info');
      assert.equal(info.status, 200);
      assert.deepEqual(Object.keys(info.body).sort(), [
        'ansible',
        'auth_methods',
        'schedule_timezone',
        'use_remote_runner',
        'version',
        'web_host',
      ]);
      assert.match(info.body.version, /^\d+\.\d+\.\d+/);
      assert.match(info.body.ansible, /^ansible \[core \d+\.\d+/);
      assert.equal(info.body.use_remote_runner, false);
      assert.deepEqual(info.body.auth_methods, {}); // TOTP is off on this server
      assert.equal((await stack.anonymous.get('/api/info')).status, 401);
    });
  });
}
