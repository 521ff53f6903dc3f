// A project's team through /api/project/{id}/users and /me, on SQLite and PostgreSQL: what each
// role may do, the "nobody grants more than they hold" and "keep one owner" rules, bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { addMember, assertNoPasswords, createProject, createUser, type TestUser } from './support/users.ts';

for (const kind of DB_KINDS) {
  describe(`project team API on ${kind}`, () => {
    let stack: InProcessStack;
    let adminId: number;
    let projectId: number;
    let owner: TestUser;
    let manager: TestUser;
    let runner: TestUser;
    let guest: TestUser;
    let outsider: TestUser;
    const team = (p = projectId) => `/api/project/${p}/users`;

    before(async () => {
      stack = await startInProcess(kind);
      adminId = (await stack.admin.get('/api/user')).body.id;
      [owner, manager, runner, guest, outsider] = await Promise.all(
        ['owner', 'manager', 'runner', 'guest', 'outsider'].map((p) => createUser(stack, p)),
      );
      projectId = await createProject(stack.admin);
      await addMember(stack.admin, projectId, owner.id, 'owner');
      await addMember(stack.admin, projectId, manager.id, 'manager');
      await addMember(stack.admin, projectId, runner.id, 'task_runner');
      await addMember(stack.admin, projectId, guest.id, 'guest');
    });
    after(async () => stack?.close());

    test('every member lists the team as {id, username, name, role}; non-members get 404, anonymous 401', async () => {
      for (const member of [owner, manager, runner, guest]) {
        const res = await member.api.get(team());
        assert.equal(res.status, 200, res.text);
        assertNoPasswords(res.body);
        const roles = Object.fromEntries(res.body.map((m: { id: number; role: string }) => [m.id, m.role]));
        assert.deepEqual(roles, {
          [adminId]: 'owner',
          [owner.id]: 'owner',
          [manager.id]: 'manager',
          [runner.id]: 'task_runner',
          [guest.id]: 'guest',
        });
        for (const m of res.body) assert.deepEqual(Object.keys(m).sort(), ['id', 'name', 'role', 'username']);
      }
      assert.equal((await outsider.api.get(team())).status, 404);
      assert.equal((await stack.anonymous.get(team())).status, 401);
      assert.equal((await stack.admin.get(team(999999))).status, 404);
    });

    test('the team list sorts by name, username, email or role, and refuses other columns', async () => {
      const byRole = await guest.api.get(`${team()}?sort=role&order=desc`);
      assert.equal(byRole.status, 200);
      const roles = byRole.body.map((m: { role: string }) => m.role);
      assert.deepEqual(roles, [...roles].sort().reverse());
      const byUsername = (await guest.api.get(`${team()}?sort=username`)).body.map(
        (m: { username: string }) => m.username,
      );
      assert.deepEqual(byUsername, [...byUsername].sort());
      const bad = await guest.api.get(`${team()}?sort=password`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.error, /^sort: /);
      assert.match((await guest.api.get(`${team()}?order=sideways`)).body.error, /^order: /);
    });

    test('one member reads as {id, username, name, role}; someone outside the team is 404', async () => {
      const res = await guest.api.get(`${team()}/${manager.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { id: manager.id, username: manager.username, name: 'manager user', role: 'manager' });
      assert.equal((await guest.api.get(`${team()}/${outsider.id}`)).status, 404);
      assert.equal((await guest.api.get(`${team()}/nope`)).status, 400);
    });

    test('only owners and administrators change the team: managers, task runners and guests get 403', async () => {
      const newcomer = await createUser(stack, 'newcomer');
      for (const member of [manager, runner, guest]) {
        for (const [method, path, body] of [
          ['POST', team(), { user_id: newcomer.id, role: 'guest' }],
          ['POST', team(), { user_id: newcomer.id, role: 'owner' }],
          ['PUT', `${team()}/${guest.id}`, { role: 'task_runner' }],
          ['DELETE', `${team()}/${guest.id}`, undefined],
        ] as const) {
          const res = await member.api.request(method, path, body);
          assert.equal(res.status, 403, `${member.username} ${method} ${path}: ${res.text}`);
          assert.ok(res.body.error);
        }
      }
      assert.equal((await outsider.api.post(team(), { user_id: newcomer.id, role: 'guest' })).status, 404);
      assert.equal((await stack.anonymous.post(team(), { user_id: newcomer.id, role: 'guest' })).status, 401);
      assert.equal((await owner.api.get(`${team()}/${newcomer.id}`)).status, 404, 'nothing was added');
    });

    test('an owner adds members (204), including other owners; the new member sees the project', async () => {
      const newOwner = await createUser(stack, 'co-owner');
      const res = await owner.api.post(team(), { user_id: newOwner.id, role: 'owner' });
      assert.equal(res.status, 204, res.text);
      assert.equal((await newOwner.api.get(`/api/project/${projectId}`)).status, 200);
      assert.deepEqual((await newOwner.api.get(`/api/project/${projectId}/role`)).body, {
        role: 'owner',
        permissions: 15,
      });
    });

    test('adding: invalid role 400, unknown user 400, missing user_id 400, duplicate 409', async () => {
      const viewer = await createUser(stack, 'viewer');
      const cases: Array<[unknown, number, RegExp]> = [
        [{ user_id: viewer.id, role: 'superuser' }, 400, /^role: must be one of owner, manager, task_runner, guest/],
        [{ user_id: viewer.id }, 400, /^role: /],
        [{ role: 'guest' }, 400, /^user_id: is required/],
        [{ user_id: 'seven', role: 'guest' }, 400, /^user_id: must be a number/],
        [{ user_id: 999999, role: 'guest' }, 400, /^user_id: user 999999 does not exist/],
        [{ user_id: guest.id, role: 'guest' }, 409, /already a member/],
      ];
      for (const [body, status, error] of cases) {
        const res = await owner.api.post(team(), body);
        assert.equal(res.status, status, `${JSON.stringify(body)} → ${res.text}`);
        assert.match(res.body.error, error);
      }
    });

    test('an owner changes a role (204); bad roles get 400; non-members 404', async () => {
      const temp = await createUser(stack, 'temp');
      await addMember(owner.api, projectId, temp.id, 'guest');
      assert.equal((await owner.api.put(`${team()}/${temp.id}`, { role: 'manager' })).status, 204);
      assert.equal((await owner.api.get(`${team()}/${temp.id}`)).body.role, 'manager');
      assert.equal((await temp.api.get(`/api/project/${projectId}/role`)).body.role, 'manager');
      const bad = await owner.api.put(`${team()}/${temp.id}`, { role: 'boss' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error, /^role: /);
      assert.equal((await owner.api.put(`${team()}/${outsider.id}`, { role: 'guest' })).status, 404);
      assert.equal((await owner.api.delete(`${team()}/${temp.id}`)).status, 204);
      assert.equal(
        (await temp.api.get(`/api/project/${projectId}`)).status,
        404,
        'a removed member no longer sees the project',
      );
      assert.equal((await owner.api.delete(`${team()}/${temp.id}`)).status, 404);
    });

    test('the last owner cannot be demoted, removed or leave (400) until someone else owns the project', async () => {
      const solo = await createUser(stack, 'solo');
      const p = await createProject(stack.admin);
      await addMember(stack.admin, p, solo.id, 'owner');
      assert.equal((await stack.admin.delete(`${team(p)}/${adminId}`)).status, 204, 'one of two owners may go');
      for (const [api, method, path, body] of [
        [solo.api, 'PUT', `${team(p)}/${solo.id}`, { role: 'manager' }],
        [solo.api, 'DELETE', `${team(p)}/${solo.id}`, undefined],
        [solo.api, 'DELETE', `/api/project/${p}/me`, undefined],
        [stack.admin, 'PUT', `${team(p)}/${solo.id}`, { role: 'guest' }],
        [stack.admin, 'DELETE', `${team(p)}/${solo.id}`, undefined],
      ] as const) {
        const res = await api.request(method, path, body);
        assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
        assert.match(res.body.error, /at least one owner/);
      }
      assert.equal(
        (await solo.api.put(`${team(p)}/${solo.id}`, { role: 'owner' })).status,
        204,
        'staying owner is fine',
      );
      await addMember(solo.api, p, manager.id, 'owner');
      assert.equal((await solo.api.put(`${team(p)}/${solo.id}`, { role: 'guest' })).status, 204);
      assert.equal((await solo.api.get(`/api/project/${p}/role`)).body.role, 'guest');
    });

    test('two owners demoting each other at once cannot leave the project without an owner', async () => {
      for (let round = 0; round < 3; round++) {
        const [a, b] = await Promise.all([createUser(stack, 'race-a'), createUser(stack, 'race-b')]);
        const p = await createProject(stack.admin);
        await addMember(stack.admin, p, a.id, 'owner');
        await addMember(stack.admin, p, b.id, 'owner');
        assert.equal((await stack.admin.delete(`${team(p)}/${adminId}`)).status, 204);
        const results = await Promise.all([
          a.api.put(`${team(p)}/${b.id}`, { role: 'guest' }),
          b.api.put(`${team(p)}/${a.id}`, { role: 'guest' }),
        ]);
        // The loser is refused either as the last owner (400) or, if the winner's change landed
        // before its request was checked, as someone who is no longer an owner (403).
        const [won, lost] = results.map((r) => r.status).sort();
        assert.equal(won, 204);
        assert.ok(lost === 400 || lost === 403, `the other demotion is refused: ${lost}`);
        const owners = (await stack.admin.get(team(p))).body.filter((m: { role: string }) => m.role === 'owner');
        assert.equal(owners.length, 1, JSON.stringify(results.map((r) => [r.status, r.body])));
      }
    });

    test('adding the same user twice at once gives one 204 and one 409', async () => {
      const twice = await createUser(stack, 'twice');
      const results = await Promise.all([1, 2].map(() => owner.api.post(team(), { user_id: twice.id, role: 'guest' })));
      assert.deepEqual(results.map((r) => r.status).sort(), [204, 409], JSON.stringify(results.map((r) => r.body)));
    });

    test('any member leaves with DELETE /me (204); non-members get 404, anonymous 401', async () => {
      const leaver = await createUser(stack, 'leaver');
      await addMember(owner.api, projectId, leaver.id, 'task_runner');
      assert.equal((await leaver.api.delete(`/api/project/${projectId}/me`)).status, 204);
      assert.equal((await leaver.api.get(`/api/project/${projectId}`)).status, 404);
      assert.equal((await leaver.api.delete(`/api/project/${projectId}/me`)).status, 404);
      assert.equal((await outsider.api.delete(`/api/project/${projectId}/me`)).status, 404);
      assert.equal((await stack.anonymous.delete(`/api/project/${projectId}/me`)).status, 401);
      const lonelyGuest = await createUser(stack, 'lonely');
      await addMember(owner.api, projectId, lonelyGuest.id, 'guest');
      assert.equal((await lonelyGuest.api.delete(`/api/project/${projectId}/me`)).status, 204, 'guests may leave too');
    });

    test('team changes appear in the project events with who did them', async () => {
      const evented = await createUser(stack, 'evented');
      await owner.api.post(team(), { user_id: evented.id, role: 'guest' });
      await owner.api.put(`${team()}/${evented.id}`, { role: 'task_runner' });
      await evented.api.delete(`/api/project/${projectId}/me`);
      const events = (await guest.api.get(`/api/project/${projectId}/events/last`)).body as Array<
        Record<string, unknown>
      >;
      const about = events.filter((e) => e.object_type === 'user' && e.object_id === evented.id);
      assert.deepEqual(
        about.map((e) => [e.description, e.username]),
        [
          [`User ${evented.username} left the project`, evented.username],
          [`Role of user ${evented.username} changed from guest to task_runner`, owner.username],
          [`User ${evented.username} added to the team as guest`, owner.username],
        ],
      );
      assert.ok(about.every((e) => e.project_id === projectId && e.object_name === evented.username));
    });
  });
}
