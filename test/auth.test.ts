// Logging in: cookie sessions, API tokens, logout, and refusals, on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { ADMIN_PASSWORD, startInProcess, type InProcessStack } from './support/in-process.ts';
import { ApiClient } from './support/api-client.ts';

for (const kind of DB_KINDS) {
  describe(`authentication on ${kind}`, () => {
    let stack: InProcessStack;
    before(async () => (stack = await startInProcess(kind)));
    after(async () => stack?.close());

    test('ping answers pong as plain text without credentials', async () => {
      const res = await stack.anonymous.get('/api/ping');
      assert.equal(res.status, 200);
      assert.equal(res.text, 'pong');
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    });

    test('every other route needs credentials', async () => {
      for (const path of ['/api/user', '/api/projects', '/api/info', '/api/project/1/tasks']) {
        const res = await stack.anonymous.get(path);
        assert.equal(res.status, 401, path);
        assert.equal(typeof res.body.error, 'string');
      }
    });

    test('login by username or e-mail, case-insensitively, sets the semaphore cookie', async () => {
      for (const auth of ['admin', 'ADMIN', 'admin@localhost']) {
        const c = new ApiClient(stack.base);
        const res = await c.post('/api/auth/login', { auth, password: ADMIN_PASSWORD });
        assert.equal(res.status, 204, auth);
        assert.match(res.headers.get('set-cookie') ?? '', /^semaphore=/);
        const me = await c.get('/api/user');
        assert.equal(me.status, 200);
        assert.equal(me.body.username, 'admin');
        assert.equal(me.body.admin, true);
        assert.equal(me.body.password, undefined, 'no password field in the user');
      }
    });

    test('a wrong password or unknown user gets 401 and no cookie', async () => {
      for (const body of [
        { auth: 'admin', password: 'nope' },
        { auth: 'ghost', password: ADMIN_PASSWORD },
      ]) {
        const c = new ApiClient(stack.base);
        const res = await c.post('/api/auth/login', body);
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('set-cookie'), null);
        assert.equal((await c.get('/api/user')).status, 401);
      }
    });

    test('malformed login bodies get 400 naming the problem', async () => {
      const c = new ApiClient(stack.base);
      assert.equal((await c.request('POST', '/api/auth/login', '{"auth": "admin", ')).status, 400);
      const missing = await c.post('/api/auth/login', { auth: 'admin' });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error, /^password: /);
      const wrongType = await c.post('/api/auth/login', { auth: 42, password: 'x' });
      assert.equal(wrongType.status, 400);
      assert.match(wrongType.body.error, /^auth: /);
    });

    test('logout ends the session', async () => {
      const c = new ApiClient(stack.base);
      await c.login('admin', ADMIN_PASSWORD);
      const cookieClient = c;
      assert.equal((await cookieClient.get('/api/user')).status, 200);
      assert.equal((await cookieClient.post('/api/auth/logout')).status, 204);
      assert.equal((await cookieClient.get('/api/user')).status, 401);
    });

    test('an API token works as a bearer token (any case of "bearer") until it is expired', async () => {
      const created = await stack.admin.post('/api/user/tokens');
      assert.equal(created.status, 201);
      const token = created.body.id as string;
      assert.equal(token.length, 44);
      assert.equal(token, token.toLowerCase());
      assert.equal(created.body.expired, false);
      const viaToken = stack.admin.withToken(token);
      assert.equal((await viaToken.get('/api/user')).body.username, 'admin');
      const lower = await fetch(`${stack.base}/api/user`, { headers: { authorization: `bearer ${token}` } });
      assert.equal(lower.status, 200);
      const list = await stack.admin.get('/api/user/tokens');
      assert.ok(
        list.body.some((t: { id: string }) => t.id === token.slice(0, 8)),
        'listed by its first characters',
      );
      assert.equal((await stack.admin.delete(`/api/user/tokens/${token}`)).status, 204);
      assert.equal((await viaToken.get('/api/user')).status, 401);
      const after = await stack.admin.get('/api/user/tokens');
      assert.equal(after.body.find((t: { id: string }) => t.id === token.slice(0, 8)).expired, true);
    });

    test('an unknown bearer token gets 401', async () => {
      assert.equal((await stack.anonymous.withToken('not-a-token').get('/api/user')).status, 401);
    });
  });
}
