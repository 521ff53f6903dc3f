// The route audit of issue 9, accounts and teams: a user who is not an administrator tries to
// become one, to take over another account, or to take a project from its owners. Every attempt
// is refused and nothing changes; what a user may do to their own account still works.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { addMember, createProject, createUser, type TestUser } from './support/users.ts';
import { memberOf, tokenUser } from './support/authz-scene.ts';
import { changes, snapshot } from './support/db-snapshot.ts';

describe('accounts and teams under attack', () => {
  let stack: InProcessStack;
  let mallory: TestUser;
  let victim: TestUser;
  let projectId: number;

  before(async () => {
    stack = await startInProcess('sqlite');
    mallory = await createUser(stack, 'mallory');
    victim = await createUser(stack, 'victim');
    projectId = await createProject(stack.admin);
    await addMember(stack.admin, projectId, victim.id, 'owner');
  });
  after(async () => stack?.close());

  test("a user cannot make themselves or anyone an administrator, nor set another's password or profile", async () => {
    const token = await tokenUser(stack, 'mallory-token');
    const before = await snapshot(stack.db);
    for (const [who, api, self] of [
      ['cookie', mallory.api, mallory.id],
      ['token', token.api, token.id],
    ] as const) {
      assert.equal((await api.put(`/api/users/${self}`, { admin: true })).status, 403, `${who}: own admin flag`);
      assert.equal(
        (await api.put(`/api/users/${victim.id}`, { admin: true })).status,
        401,
        `${who}: another's admin flag`,
      );
      assert.equal(
        (await api.put(`/api/users/${victim.id}`, { email: 'mallory@evil.test' })).status,
        401,
        `${who}: another's e-mail`,
      );
      assert.equal(
        (await api.post(`/api/users/${victim.id}/password`, { password: 'taken-over' })).status,
        401,
        `${who}: another's password`,
      );
      assert.equal(
        (
          await api.post('/api/users', {
            username: `sock-${who}`,
            name: 's',
            email: `sock-${who}@evil.test`,
            admin: true,
          })
        ).status,
        401,
      );
      assert.equal((await api.put('/api/user', { admin: true })).status, 404, `${who}: /api/user takes no PUT`);
      assert.equal((await api.delete(`/api/users/${victim.id}`)).status, 401, `${who}: delete another`);
    }
    assert.deepEqual(changes(before, await snapshot(stack.db)), []);
    await victim.api.login(victim.username, victim.password); // the victim's password still works
  });

  test('a user still manages their own account through the same routes', async () => {
    assert.equal((await mallory.api.get(`/api/users/${mallory.id}`)).status, 200);
    assert.equal((await mallory.api.put(`/api/users/${mallory.id}`, { name: 'Mallory M.' })).status, 204);
    assert.equal(
      (await mallory.api.post(`/api/users/${mallory.id}/password`, { password: 'a-new-password' })).status,
      204,
    );
    assert.equal((await stack.db.user.findUniqueOrThrow({ where: { id: mallory.id } })).admin, false);
  });

  test('a manager cannot make anyone owner, change an owner, or remove one; no member can remove the last owner', async () => {
    const manager = await memberOf(stack, projectId, 'manager');
    const before = await snapshot(stack.db);
    const team = `/api/project/${projectId}/users`;
    assert.equal((await manager.api.put(`${team}/${manager.id}`, { role: 'owner' })).status, 403, 'promote self');
    assert.equal((await manager.api.post(team, { user_id: mallory.id, role: 'owner' })).status, 403, 'add an owner');
    assert.equal((await manager.api.put(`${team}/${victim.id}`, { role: 'guest' })).status, 403, 'demote an owner');
    assert.equal((await manager.api.delete(`${team}/${victim.id}`)).status, 403, 'remove an owner');
    assert.deepEqual(changes(before, await snapshot(stack.db)), []);

    // The administrator who made the project owns it too; once they leave, the victim is the last owner.
    const adminId = (await stack.admin.get('/api/user')).body.id as number;
    assert.equal((await stack.admin.delete(`${team}/${adminId}`)).status, 204);
    const lastOwner = await snapshot(stack.db);
    assert.equal(
      (await victim.api.put(`${team}/${victim.id}`, { role: 'manager' })).status,
      400,
      'demote the last owner',
    );
    assert.equal((await victim.api.delete(`${team}/${victim.id}`)).status, 400, 'remove the last owner');
    assert.equal((await victim.api.delete(`/api/project/${projectId}/me`)).status, 400, 'the last owner leaves');
    assert.equal((await stack.admin.delete(`/api/users/${victim.id}`)).status, 400, "delete the last owner's account");
    assert.deepEqual(changes(lastOwner, await snapshot(stack.db)), []);
  });
});
