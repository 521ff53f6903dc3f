// Groups mapped to roles (src/services/group-roles.ts) against a real database, on SQLite and
// PostgreSQL: what mappings grant is given at sign-in and taken back when the group is gone, what
// administrators granted by hand stays, and every change is in the event log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS, freshDatabaseUrl } from './support/env.ts';
import { applyMigrations } from '../src/store/migrate.ts';
import { createDb, type Db } from '../src/store/db.ts';
import { applyGroupRoles, type GroupMapping } from '../src/services/group-roles.ts';
import { addMember, updateMemberRole } from '../src/services/project-users.ts';
import { updateUser } from '../src/services/users.ts';

const mappings: GroupMapping[] = [
  { group: 'cn=admins,ou=groups,dc=example,dc=org', admin: true },
  { group: 'ops', project: 'infra', role: 'manager' },
  { group: 'ops-leads', project: 'infra', role: 'owner' },
  { group: 'devs', project: 'web', role: 'task_runner' },
  { group: 'devs', project: 'nowhere', role: 'guest' },
];

for (const kind of DB_KINDS) {
  describe(`group mappings on ${kind}`, () => {
    let db: Db;
    let infra = 0;
    let web = 0;
    let creator = 0;
    const logged: string[] = [];
    const log = (m: string) => logged.push(m);
    const admin = { id: 0, admin: true, username: 'root' };

    const newUser = async (username: string) =>
      (await db.user.create({ data: { username, name: username, email: `${username}@example.org`, password: '' } })).id;
    const roleIn = async (projectId: number, userId: number) =>
      (await db.projectUser.findUnique({ where: { project_id_user_id: { project_id: projectId, user_id: userId } } }))
        ?.role ?? null;
    const isAdmin = async (userId: number) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).admin;
    const eventsAbout = async (userId: number) =>
      (await db.event.findMany({ where: { object_type: 'user', object_id: userId }, orderBy: { id: 'asc' } })).map(
        (e) => [e.project_id, e.description],
      );

    before(async () => {
      const url = await freshDatabaseUrl(kind);
      await applyMigrations(url);
      db = createDb(url);
      creator = await newUser('creator');
      admin.id = creator;
      infra = (await db.project.create({ data: { name: 'infra' } })).id;
      web = (await db.project.create({ data: { name: 'web' } })).id;
      for (const p of [infra, web])
        await db.projectUser.create({ data: { project_id: p, user_id: creator, role: 'owner' } });
      await db.project.create({ data: { name: 'twin' } });
      await db.project.create({ data: { name: 'twin' } });
    });
    after(async () => db?.$disconnect());

    test('groups grant admin and project roles, the highest role per project, and events say so', async () => {
      const alice = await newUser('alice');
      await applyGroupRoles(
        db,
        { id: alice },
        'ldap',
        ['CN=Admins,OU=Groups,DC=example,DC=org', 'ops', 'ops-leads', 'devs'],
        mappings,
        { log },
      );
      assert.equal(await isAdmin(alice), true, 'group DNs compare without regard to case');
      assert.equal(await roleIn(infra, alice), 'owner');
      assert.equal(await roleIn(web, alice), 'task_runner');
      assert.deepEqual(await eventsAbout(alice), [
        [null, 'User alice made an administrator (group mapping of ldap)'],
        [infra, 'User alice added to the team as owner (group mapping of ldap)'],
        [web, 'User alice added to the team as task_runner (group mapping of ldap)'],
      ]);
      assert.ok(
        logged.some((m) => m.includes('project "nowhere": no such project')),
        logged.join('\n'),
      );
    });

    test('leaving groups takes back exactly what the mappings granted, at the next sign-in', async () => {
      const bob = await newUser('bob');
      await applyGroupRoles(
        db,
        { id: bob },
        'ldap',
        ['cn=admins,ou=groups,dc=example,dc=org', 'ops-leads', 'devs'],
        mappings,
        { log },
      );
      assert.equal(await roleIn(infra, bob), 'owner');
      await applyGroupRoles(db, { id: bob }, 'ldap', ['ops'], mappings, { log });
      assert.equal(await isAdmin(bob), false);
      assert.equal(await roleIn(infra, bob), 'manager', 'demoted to what the remaining group gives');
      assert.equal(await roleIn(web, bob), null);
      await applyGroupRoles(db, { id: bob }, 'ldap', [], mappings, { log });
      assert.equal(await roleIn(infra, bob), null);
      assert.deepEqual((await eventsAbout(bob)).slice(3), [
        [null, 'User bob is no longer an administrator (group mapping of ldap)'],
        [infra, 'Role of user bob changed from owner to manager (group mapping of ldap)'],
        [web, 'User bob removed from the team (group mapping of ldap)'],
        [infra, 'User bob removed from the team (group mapping of ldap)'],
      ]);
    });

    test('what an administrator granted by hand stays, and a hand change takes a grant over', async () => {
      const carol = await newUser('carol');
      await db.user.update({ where: { id: carol }, data: { admin: true } }); // by hand
      await addMember(db, admin, web, { user_id: carol, role: 'guest' }); // by hand
      await applyGroupRoles(db, { id: carol }, 'ldap', ['devs', 'ops'], mappings, { log });
      assert.equal(await roleIn(web, carol), 'guest', 'a hand-made membership is not changed by a mapping');
      assert.equal(await roleIn(infra, carol), 'manager');
      await updateMemberRole(db, admin, infra, carol, 'task_runner'); // by hand, over the grant
      await applyGroupRoles(db, { id: carol }, 'ldap', [], mappings, { log });
      assert.equal(await isAdmin(carol), true, 'a hand-granted admin flag stays');
      assert.equal(await roleIn(web, carol), 'guest');
      assert.equal(await roleIn(infra, carol), 'task_runner', 'a role changed by hand stays');
    });

    test('an admin flag set by hand after a mapping granted it is no longer taken back', async () => {
      const dave = await newUser('dave');
      await applyGroupRoles(db, { id: dave }, 'ldap', ['cn=admins,ou=groups,dc=example,dc=org'], mappings, { log });
      await updateUser(db, admin, dave, { admin: false }, { minLength: 8 });
      await updateUser(db, admin, dave, { admin: true }, { minLength: 8 });
      await applyGroupRoles(db, { id: dave }, 'ldap', [], mappings, { log });
      assert.equal(await isAdmin(dave), true);
    });

    test("another source's grants are left to that source", async () => {
      const erin = await newUser('erin');
      await applyGroupRoles(db, { id: erin }, 'oidc:keycloak', ['ops'], mappings, { log });
      await applyGroupRoles(db, { id: erin }, 'ldap', [], mappings, { log });
      assert.equal(await roleIn(infra, erin), 'manager');
      await applyGroupRoles(db, { id: erin }, 'oidc:keycloak', [], mappings, { log });
      assert.equal(await roleIn(infra, erin), null);
    });

    test('a mapping-granted last owner stays owner rather than leave the project without one', async () => {
      const frank = await newUser('frank');
      const solo = (await db.project.create({ data: { name: 'solo' } })).id;
      await applyGroupRoles(
        db,
        { id: frank },
        'ldap',
        ['leads'],
        [{ group: 'leads', project: String(solo), role: 'owner' }],
        { log },
      );
      assert.equal(await roleIn(solo, frank), 'owner', 'a project named by its id');
      await applyGroupRoles(db, { id: frank }, 'ldap', [], [{ group: 'leads', project: String(solo), role: 'owner' }], {
        log,
      });
      assert.equal(await roleIn(solo, frank), 'owner');
      assert.ok(logged.some((m) => m.includes('frank stays owner')));
    });

    test('invalid mappings and ambiguous project names are reported and skipped, the rest applied', async () => {
      const gina = await newUser('gina');
      const bad = [
        { group: 'devs', project: 'web', role: 'superuser' },
        { group: 'devs', project: 'twin', role: 'guest' },
        { group: 'devs' },
        { group: 'devs', project: 'web', role: 'guest' },
      ] as unknown as GroupMapping[];
      logged.length = 0;
      await applyGroupRoles(db, { id: gina }, 'ldap', ['devs'], bad, { log });
      assert.equal(await roleIn(web, gina), 'guest');
      assert.equal(logged.length, 3, logged.join('\n'));
      assert.match(logged[0], /role: must be one of owner, manager, task_runner, guest/);
      assert.match(logged[1], /a mapping must grant something/);
      assert.match(logged[2], /project "twin": 2 projects have that name; use its id/);
    });
  });
}
