// The activity log through /api/events and /api/project/{id}/events, on SQLite and PostgreSQL:
// who sees which events, the fields each carries, newest first, and /last stopping at 200.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { addMember, assertNoPasswords, createProject, createUser, type TestUser } from './support/users.ts';

interface EventBody {
  user_id?: number;
  project_id?: number;
  object_id: number | null;
  object_type: string;
  description: string;
  created: string;
  object_name?: string;
  project_name?: string;
  username?: string;
}

for (const kind of DB_KINDS) {
  describe(`events API on ${kind}`, () => {
    let stack: InProcessStack;
    let adminId: number;
    let member: TestUser;
    let outsider: TestUser;
    let projectId: number;
    let otherProjectId: number;

    before(async () => {
      stack = await startInProcess(kind);
      adminId = (await stack.admin.get('/api/user')).body.id;
      [member, outsider] = await Promise.all([createUser(stack, 'member'), createUser(stack, 'outsider')]);
      projectId = await createProject(stack.admin, 'Events Project');
      otherProjectId = await createProject(stack.admin, 'Other Project');
      await addMember(stack.admin, projectId, member.id, 'manager');
      const key = await member.api.post(`/api/project/${projectId}/keys`, {
        name: 'deploy key',
        type: 'string',
        string: 's3cret-value',
      });
      assert.equal(key.status, 204, key.text);
      await stack.admin.post(`/api/project/${otherProjectId}/keys`, { name: 'other key', type: 'none' });
    });
    after(async () => stack?.close());

    test('project events carry who, what and where, newest first, and never a secret', async () => {
      const res = await member.api.get(`/api/project/${projectId}/events`);
      assert.equal(res.status, 200);
      const events = res.body as EventBody[];
      assert.ok(!JSON.stringify(events).includes('s3cret-value'));
      assertNoPasswords(events);
      const [keyEvent] = events;
      assert.deepEqual(
        { ...keyEvent, created: undefined },
        {
          user_id: member.id,
          project_id: projectId,
          object_id: keyEvent.object_id,
          object_type: 'key',
          description: 'Access Key deploy key created',
          created: undefined,
          object_name: 'deploy key',
          project_name: 'Events Project',
          username: member.username,
        },
      );
      assert.ok(!Number.isNaN(Date.parse(keyEvent.created)));
      const times = events.map((e) => Date.parse(e.created));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );
      const descriptions = events.map((e) => e.description);
      assert.ok(descriptions.includes('Project Events Project created'));
      assert.ok(descriptions.some((d) => d.startsWith(`User ${member.username} added to the team`)));
      assert.ok(events.every((e) => e.project_id === projectId));
      assert.deepEqual((await member.api.get(`/api/project/${projectId}/events/last`)).body, events);
    });

    test('project events are for members: non-members get 404, anonymous 401', async () => {
      assert.equal((await outsider.api.get(`/api/project/${projectId}/events`)).status, 404);
      assert.equal((await outsider.api.get(`/api/project/${projectId}/events/last`)).status, 404);
      assert.equal((await stack.anonymous.get(`/api/project/${projectId}/events`)).status, 401);
      assert.equal(
        (await stack.admin.get(`/api/project/${projectId}/events`)).status,
        200,
        'administrators see any project',
      );
      assert.equal((await stack.admin.get('/api/project/999999/events')).status, 404);
    });

    test("/api/events shows a user the events of their projects and their own, not other projects'", async () => {
      const mine = (await member.api.get('/api/events')).body as EventBody[];
      assert.ok(mine.some((e) => e.project_id === projectId && e.object_type === 'project'));
      assert.ok(
        mine.some((e) => e.object_type === 'user' && e.object_id === member.id && e.description.endsWith('created')),
        'the creation of their account',
      );
      assert.ok(!mine.some((e) => e.project_id === otherProjectId), 'nothing from a project they are not in');
      assert.ok(
        !mine.some((e) => e.object_type === 'user' && e.object_id === outsider.id),
        "nothing about other people's accounts",
      );
      const theirs = (await outsider.api.get('/api/events')).body as EventBody[];
      assert.ok(!theirs.some((e) => e.project_id === projectId || e.project_id === otherProjectId));
      const all = (await stack.admin.get('/api/events')).body as EventBody[];
      assert.ok(
        all.some((e) => e.project_id === otherProjectId) && all.some((e) => e.project_id === projectId),
        'administrators see everything',
      );
      assert.ok(all.some((e) => e.object_type === 'user' && e.object_id === outsider.id && e.user_id === adminId));
      assertNoPasswords(all);
      assert.equal((await stack.anonymous.get('/api/events')).status, 401);
      assert.equal((await stack.anonymous.get('/api/events/last')).status, 401);
    });

    test('leaving a project hides its later events; a deleted project keeps a nameless trail for administrators', async () => {
      const p = await createProject(stack.admin, 'Short Lived');
      await addMember(stack.admin, p, member.id, 'guest');
      assert.equal((await member.api.delete(`/api/project/${p}/me`)).status, 204);
      await stack.admin.put(`/api/project/${p}`, { name: 'Short Lived Renamed' });
      const mine = (await member.api.get('/api/events')).body as EventBody[];
      assert.ok(!mine.some((e) => e.project_id === p && e.description.startsWith('Project Short Lived Renamed')));
      assert.ok(
        mine.some((e) => e.project_id === p && e.description === `User ${member.username} left the project`),
        'their own action stays visible',
      );
      assert.equal((await stack.admin.delete(`/api/project/${p}`)).status, 204);
      const all = (await stack.admin.get('/api/events/last')).body as EventBody[];
      const deleted = all.find(
        (e) => e.object_type === 'project' && e.object_id === p && e.description.endsWith('deleted'),
      );
      assert.ok(deleted);
      assert.ok(!('project_id' in deleted) && !('project_name' in deleted), 'the deletion is not in any project');
      assert.ok(!('object_name' in deleted), 'the object is gone, so it has no name');
      const older = all.find((e) => e.project_id === p);
      assert.ok(older && !('project_name' in older), 'events of a deleted project have no project name');
    });

    test('/events/last stops at the newest 200; /events has them all', async () => {
      const p = await createProject(stack.admin, 'Busy');
      for (let i = 0; i < 205; i++) {
        assert.equal((await stack.admin.put(`/api/project/${p}`, { name: `Busy ${i}` })).status, 204);
      }
      const last = (await stack.admin.get(`/api/project/${p}/events/last`)).body as EventBody[];
      assert.equal(last.length, 200);
      assert.equal(last[0].description, 'Project Busy 204 updated');
      assert.equal(last[199].description, 'Project Busy 5 updated');
      assert.ok(last.every((e) => e.project_name === 'Busy 204'));
      const all = (await stack.admin.get(`/api/project/${p}/events`)).body as EventBody[];
      assert.equal(all.length, 206, '205 updates and the creation');
      assert.equal(all[205].description, 'Project Busy created');
      assert.equal((await stack.admin.get('/api/events/last')).body.length, 200);
      assert.ok((await stack.admin.get('/api/events')).body.length > 206);
    });
  });
}
