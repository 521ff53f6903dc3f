// Global user accounts through /api/users, on SQLite and PostgreSQL: who may see and change whom,
// what bad input gets, and that no password or hash ever comes back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { ApiClient } from './support/api-client.ts';
import { addMember, assertNoPasswords, createProject, createUser, type TestUser } from './support/users.ts';

for (const kind of DB_KINDS) {
  describe(`users API on ${kind}`, () => {
    let stack: InProcessStack;
    let alice: TestUser;
    let bob: TestUser;
    let adminId: number;

    before(async () => {
      stack = await startInProcess(kind);
      adminId = (await stack.admin.get('/api/user')).body.id;
      alice = await createUser(stack, 'alice');
      bob = await createUser(stack, 'bob');
    });
    after(async () => stack?.close());

    test('an administrator creates a user: 201 with the user and no password; the user can log in', async () => {
      const res = await stack.admin.post('/api/users', {
        username: 'Carol.New',
        name: 'Carol',
        email: 'Carol@Example.test',
        password: 'carol-password',
        alert: true,
      });
      assert.equal(res.status, 201, res.text);
      assertNoPasswords(res.body);
      assert.equal(res.body.username, 'carol.new', 'usernames are stored lower-case, as logins look them up');
      assert.equal(res.body.email, 'carol@example.test');
      assert.equal(res.body.name, 'Carol');
      assert.equal(res.body.admin, false);
      assert.equal(res.body.alert, true);
      assert.equal(res.body.external, false);
      assert.ok(res.body.id > 0 && res.body.created);
      const carol = new ApiClient(stack.base);
      await carol.login('Carol.New', 'carol-password');
      assert.equal((await carol.get('/api/user')).body.id, res.body.id);
    });

    test('administrators list every account in full; others get only id, username and name', async () => {
      const full = await stack.admin.get('/api/users');
      assert.equal(full.status, 200);
      assertNoPasswords(full.body);
      const a = full.body.find((u: { id: number }) => u.id === alice.id);
      assert.deepEqual(Object.keys(a).sort(), [
        'admin',
        'alert',
        'created',
        'email',
        'external',
        'id',
        'name',
        'username',
      ]);
      const minimal = await alice.api.get('/api/users');
      assert.equal(minimal.status, 200);
      assert.ok(minimal.body.length >= 3);
      for (const u of minimal.body) assert.deepEqual(Object.keys(u).sort(), ['id', 'name', 'username']);
      assert.equal((await stack.anonymous.get('/api/users')).status, 401);
    });

    test('only administrators create users; anyone else gets 401', async () => {
      const res = await alice.api.post('/api/users', {
        username: 'mallory',
        name: 'M',
        email: 'm@example.test',
        password: 'x',
      });
      assert.equal(res.status, 401);
      assert.ok(res.body.error);
      assert.equal((await stack.anonymous.post('/api/users', {})).status, 401);
    });

    test('bad user bodies get a 400 naming the field', async () => {
      const base = { username: 'dave', name: 'Dave', email: 'dave@example.test', password: 'pw' };
      const cases: Array<[unknown, RegExp]> = [
        [{ ...base, username: undefined }, /^username: /],
        [{ ...base, username: '' }, /^username: /],
        [{ ...base, username: 'two words' }, /^username: must not contain spaces/],
        [{ ...base, name: '   ' }, /^name: /],
        [{ ...base, email: 'not-an-email' }, /^email: /],
        [{ ...base, password: 'x'.repeat(73) }, /^password: must be at most 72 bytes/],
        [{ ...base, admin: 'yes' }, /^admin: /],
        ['[]', /^body: /],
      ];
      for (const [body, error] of cases) {
        const res = await stack.admin.post('/api/users', body);
        assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.text}`);
        assert.match(res.body.error, error);
      }
      const broken = await stack.admin.request('POST', '/api/users', '{"username":');
      assert.equal(broken.status, 400);
    });

    test("a user created without a password (Semaphore's UserRequest) cannot log in until one is set", async () => {
      const res = await stack.admin.post('/api/users', {
        username: 'nopass',
        name: 'No Pass',
        email: 'nopass@example.test',
      });
      assert.equal(res.status, 201, res.text);
      assertNoPasswords(res.body);
      const client = new ApiClient(stack.base);
      await assert.rejects(client.login('nopass', 'anything'), /401/);
      assert.equal(
        (await stack.admin.post(`/api/users/${res.body.id}/password`, { password: 'now-set-password' })).status,
        204,
      );
      await client.login('nopass', 'now-set-password');
    });

    test('a username or e-mail that is already taken gets 409, not a 500', async () => {
      const taken = await stack.admin.post('/api/users', {
        username: alice.username.toUpperCase(),
        name: 'x',
        email: 'other@example.test',
        password: 'long-enough-pw',
      });
      assert.equal(taken.status, 409, taken.text);
      assert.match(taken.body.error, /^username: .* is already taken/);
      const email = await stack.admin.post('/api/users', {
        username: 'someone-else',
        name: 'x',
        email: `${alice.username}@EXAMPLE.test`,
        password: 'long-enough-pw',
      });
      assert.equal(email.status, 409, email.text);
      assert.match(email.body.error, /^email: /);
      const put = await alice.api.put(`/api/users/${alice.id}`, { username: bob.username });
      assert.equal(put.status, 409);
    });

    test('a user reads themselves, an administrator reads anyone, nobody else reads others (401)', async () => {
      const self = await alice.api.get(`/api/users/${alice.id}`);
      assert.equal(self.status, 200);
      assertNoPasswords(self.body);
      assert.equal(self.body.username, alice.username);
      assert.equal((await alice.api.get(`/api/users/${bob.id}`)).status, 401);
      assert.equal((await alice.api.get(`/api/users/${adminId}`)).status, 401);
      const byAdmin = await stack.admin.get(`/api/users/${bob.id}`);
      assert.equal(byAdmin.status, 200);
      assertNoPasswords(byAdmin.body);
      assert.equal((await stack.admin.get('/api/users/999999')).status, 404);
      const bad = await stack.admin.get('/api/users/abc');
      assert.equal(bad.status, 400);
      assert.match(bad.body.error, /^user_id: /);
    });

    test('a user updates their own profile (204) but not their own admin flag, nor anyone else', async () => {
      const res = await bob.api.put(`/api/users/${bob.id}`, { name: 'Bob Renamed', alert: true, admin: false });
      assert.equal(res.status, 204, res.text);
      const after = (await bob.api.get(`/api/users/${bob.id}`)).body;
      assert.equal(after.name, 'Bob Renamed');
      assert.equal(after.alert, true);
      assert.equal(after.username, bob.username, 'omitted fields keep their value');
      const promote = await bob.api.put(`/api/users/${bob.id}`, { admin: true });
      assert.equal(promote.status, 403);
      assert.match(promote.body.error, /^admin: /);
      assert.equal((await bob.api.get('/api/user')).body.admin, false);
      assert.equal((await bob.api.put(`/api/users/${alice.id}`, { name: 'hacked' })).status, 401);
      const demoteSelf = await stack.admin.put(`/api/users/${adminId}`, { admin: false });
      assert.equal(demoteSelf.status, 403);
      const mismatch = await bob.api.put(`/api/users/${bob.id}`, { id: alice.id, name: 'x' });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.body.error, /^id: /);
      assert.match((await bob.api.put(`/api/users/${bob.id}`, { email: 'nope' })).body.error, /^email: /);
    });

    test('an administrator can make another user an administrator', async () => {
      const dave = await createUser(stack, 'dave');
      assert.equal((await stack.admin.put(`/api/users/${dave.id}`, { admin: true })).status, 204);
      assert.equal((await dave.api.get('/api/user')).body.admin, true);
      assert.equal((await dave.api.get('/api/users')).body[0].email !== undefined, true, 'and then sees full accounts');
    });

    test('passwords change through /password: self or administrator; the old one stops working', async () => {
      const erin = await createUser(stack, 'erin');
      assert.equal(
        (await erin.api.post(`/api/users/${erin.id}/password`, { password: 'erin-new-password' })).status,
        204,
      );
      await assert.rejects(new ApiClient(stack.base).login(erin.username, erin.password), /401/);
      await new ApiClient(stack.base).login(erin.username, 'erin-new-password');
      assert.equal(
        (await stack.admin.post(`/api/users/${erin.id}/password`, { password: 'set-by-admin' })).status,
        204,
      );
      assert.equal((await erin.api.get('/api/user')).status, 401, "the administrator's change ended erin's session");
      const erinAgain = new ApiClient(stack.base);
      await erinAgain.login(erin.username, 'set-by-admin');
      assert.equal((await alice.api.post(`/api/users/${erin.id}/password`, { password: 'mine-now' })).status, 401);
      const empty = await erinAgain.post(`/api/users/${erin.id}/password`, { password: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.body.error, /^password: /);
      assert.equal((await erinAgain.post(`/api/users/${erin.id}/password`, {})).status, 400);
    });

    test('external users: created without a password, cannot log in with one, keep their username', async () => {
      const res = await stack.admin.post('/api/users', {
        username: 'ldap-frank',
        name: 'Frank',
        email: 'frank@example.test',
        external: true,
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.external, true);
      const id = res.body.id;
      const rename = await stack.admin.put(`/api/users/${id}`, { username: 'frank2' });
      assert.equal(rename.status, 400);
      assert.match(rename.body.error, /^username: .*external/);
      assert.equal(
        (await stack.admin.put(`/api/users/${id}`, { username: 'ldap-frank', name: 'Frank F.' })).status,
        204,
      );
      const pw = await stack.admin.post(`/api/users/${id}/password`, { password: 'whatever' });
      assert.equal(pw.status, 400);
      assert.match(pw.body.error, /external/);
      await assert.rejects(new ApiClient(stack.base).login('ldap-frank', 'whatever'), /401/);
    });

    test('deleting: never oneself, others only by an administrator, who cuts off their sessions', async () => {
      const gina = await createUser(stack, 'gina');
      const token = (await gina.api.post('/api/user/tokens')).body.id as string;
      const self = await gina.api.delete(`/api/users/${gina.id}`);
      assert.equal(self.status, 403);
      assert.equal((await stack.admin.delete(`/api/users/${adminId}`)).status, 403);
      assert.equal((await alice.api.delete(`/api/users/${gina.id}`)).status, 401);
      assert.equal((await stack.admin.delete(`/api/users/${gina.id}`)).status, 204);
      assert.equal((await gina.api.get('/api/user')).status, 401, 'the session is gone');
      assert.equal((await gina.api.withToken(token).get('/api/user')).status, 401, 'the API token is gone');
      assert.equal((await stack.admin.get(`/api/users/${gina.id}`)).status, 404);
      assert.equal((await stack.admin.delete(`/api/users/${gina.id}`)).status, 404);
    });

    test('the last owner of a project cannot be deleted until someone else owns it', async () => {
      const hank = await createUser(stack, 'hank');
      const projectId = await createProject(stack.admin);
      await addMember(stack.admin, projectId, hank.id, 'owner');
      assert.equal((await stack.admin.delete(`/api/project/${projectId}/users/${adminId}`)).status, 204);
      const refused = await stack.admin.delete(`/api/users/${hank.id}`);
      assert.equal(refused.status, 400);
      assert.match(refused.body.error, new RegExp(`last owner of project ${projectId}`));
      await addMember(stack.admin, projectId, alice.id, 'owner');
      assert.equal((await stack.admin.delete(`/api/users/${hank.id}`)).status, 204);
    });

    test('user changes are written to the event log', async () => {
      const ivy = await createUser(stack, 'ivy');
      await stack.admin.put(`/api/users/${ivy.id}`, { name: 'Ivy Two' });
      await stack.admin.post(`/api/users/${ivy.id}/password`, { password: 'ivy-2-password' });
      await stack.admin.delete(`/api/users/${ivy.id}`);
      const events = (await stack.admin.get('/api/events/last')).body as Array<{
        object_type: string;
        object_id: number;
        description: string;
        user_id: number;
        username: string;
      }>;
      const mine = events.filter((e) => e.object_type === 'user' && e.object_id === ivy.id).map((e) => e.description);
      assert.deepEqual(mine, [
        `User ${ivy.username} deleted`,
        `Password of user ${ivy.username} changed`,
        `User ${ivy.username} updated`,
        `User ${ivy.username} created`,
      ]);
      assert.ok(
        events.filter((e) => e.object_id === ivy.id).every((e) => e.user_id === adminId && e.username === 'admin'),
      );
      assertNoPasswords(events);
    });
  });
}
