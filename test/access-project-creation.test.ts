// Who may make projects (issue 9, finding 2): restoring a backup makes the caller the new project's
// owner, so it needs what creating a project needs — a global administrator, or any user when the
// server sets SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT (SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import type { ApiClient } from './support/api-client.ts';
import { createProject, createUser } from './support/users.ts';
import { memberClient } from './support/members.ts';
import { tokenUser } from './support/authz-scene.ts';

let counter = 0;
/** A backup that would give its restorer a project with a template, an environment and a key. */
function backup() {
  const name = `restored ${process.pid}-${++counter}`;
  return {
    meta: { name },
    keys: [{ name: 'None', type: 'none' }],
    repositories: [{ name: 'repo', git_url: 'https://example.test/r.git', git_branch: 'main', ssh_key: 'None' }],
    inventories: [{ name: 'local', inventory: 'localhost', type: 'static' }],
    environments: [{ name: 'Empty', json: '{}' }],
    views: [],
    templates: [
      { name: 'run', app: 'bash', playbook: 'run.sh', repository: 'repo', inventory: 'local', environment: 'Empty' },
    ],
    integrations: [],
    integration_aliases: [],
  };
}

async function counts(stack: InProcessStack) {
  return {
    projects: await stack.db.project.count(),
    memberships: await stack.db.projectUser.count(),
    templates: await stack.db.template.count(),
  };
}

describe('restoring and creating projects when only administrators may create them (the default)', () => {
  let stack: InProcessStack;
  const attackers: Array<[string, ApiClient]> = [];

  before(async () => {
    stack = await startInProcess('sqlite');
    const project = await createProject(stack.admin);
    const other = await createProject(stack.admin);
    attackers.push(
      ['a logged-in user with no project', (await createUser(stack, 'loner')).api],
      ['a bearer-token user with no project', (await tokenUser(stack, 'token-loner')).api],
      ['a task_runner', await memberClient(stack, project, 'task_runner')],
      ['a guest', await memberClient(stack, project, 'guest')],
      ['a manager of another project', await memberClient(stack, other, 'manager')],
      ['an owner of another project', await memberClient(stack, other, 'owner')],
    );
  });
  after(async () => stack?.close());

  test('no user who is not an administrator can restore a backup (403): no project, membership or template appears', async () => {
    const before = await counts(stack);
    for (const [who, api] of attackers) {
      const res = await api.post('/api/projects/restore', backup());
      assert.equal(res.status, 403, `${who}: ${res.text}`);
      assert.match(res.body.error, /administrators/, who);
    }
    assert.deepEqual(await counts(stack), before);
  });

  test('nor create a project (401, as Semaphore answers), and /api/user says they cannot', async () => {
    const before = await counts(stack);
    for (const [who, api] of attackers) {
      assert.equal((await api.post('/api/projects', { name: `attempt ${who}` })).status, 401, who);
      assert.equal((await api.get('/api/user')).body.can_create_project, false, who);
    }
    assert.deepEqual(await counts(stack), before);
  });

  test('an administrator restores, and owns the result', async () => {
    const res = await stack.admin.post('/api/projects/restore', backup());
    assert.equal(res.status, 200, res.text);
    assert.equal((await stack.admin.get(`/api/project/${res.body.id}/role`)).body.role, 'owner');
    assert.equal((await stack.admin.get('/api/user')).body.can_create_project, true);
  });
});

describe('restoring and creating projects when the server lets every user create projects', () => {
  let stack: InProcessStack;

  before(async () => {
    stack = await startInProcess('sqlite', { SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: 'Yes' });
  });
  after(async () => stack?.close());

  test('a user with no project creates one and restores one, owning both; /api/user says they can', async () => {
    for (const api of [(await createUser(stack, 'creator')).api, (await tokenUser(stack, 'token-creator')).api]) {
      assert.equal((await api.get('/api/user')).body.can_create_project, true);
      const created = await api.post('/api/projects', { name: `own ${++counter}` });
      assert.equal(created.status, 201, created.text);
      const restored = await api.post('/api/projects/restore', backup());
      assert.equal(restored.status, 200, restored.text);
      for (const id of [created.body.id, restored.body.id]) {
        assert.deepEqual((await api.get(`/api/project/${id}/role`)).body, { role: 'owner', permissions: 15 });
      }
      // Being owner of one's own project grants nothing elsewhere.
      assert.equal((await api.get('/api/options')).status, 403);
    }
  });
});
