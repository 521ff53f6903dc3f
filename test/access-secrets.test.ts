// What members who may not edit a project's resources (guests, task runners) can read of its
// credentials (issue 9, finding 10 and the route audit): no environment vault password, no key
// secret, and no integration alias — an alias alone starts the integration's template through its
// webhook, so seeing one would let a guest run tasks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import type { ApiClient } from './support/api-client.ts';
import { makeRepo } from './support/git-repo.ts';
import { OBJECTS_REPO_FILES, ProjectObjects } from './support/project-objects.ts';
import { memberClient } from './support/members.ts';

const VAULT_PASSWORD = 'vault-pass-7c1e0b';
const KEY_PASSWORD = 'key-pass-93ad51';

describe('credentials of a project, as each role reads them', () => {
  let stack: InProcessStack;
  let o: ProjectObjects;
  let environmentId: number;
  let integrationId: number;
  const aliases: string[] = [];
  const readers = {} as Record<'guest' | 'task_runner' | 'manager' | 'owner', ApiClient>;
  const p = (rest: string) => `/api/project/${o.projectId}${rest}`;

  before(async () => {
    stack = await startInProcess('sqlite');
    o = await ProjectObjects.create(stack.admin, makeRepo(OBJECTS_REPO_FILES).url);
    const env = await stack.admin.post(p('/environment'), { name: 'vaulted', json: '{}', password: VAULT_PASSWORD });
    assert.equal(env.status, 204, env.text);
    environmentId = (await stack.admin.get(p('/environment'))).body.find(
      (e: { name: string }) => e.name === 'vaulted',
    ).id;
    const key = await stack.admin.post(p('/keys'), {
      name: 'deploy',
      type: 'login_password',
      login_password: { login: 'deploy', password: KEY_PASSWORD },
    });
    assert.equal(key.status, 204, key.text);
    integrationId = await o.integration();
    for (const path of [p('/integrations/aliases'), p(`/integrations/${integrationId}/aliases`)]) {
      const res = await stack.admin.post(path);
      assert.equal(res.status, 200, res.text);
      aliases.push(String(res.body.url).split('/').pop()!);
    }
    for (const role of ['guest', 'task_runner', 'manager', 'owner'] as const)
      readers[role] = await memberClient(stack, o.projectId, role);
  });
  after(async () => stack?.close());

  test('guests and task runners read environments without the vault password; managers, owners and administrators see it', async () => {
    for (const role of ['guest', 'task_runner'] as const) {
      const one = await readers[role].get(p(`/environment/${environmentId}`));
      assert.equal(one.status, 200, one.text);
      assert.equal('password' in one.body, false, `${role}: the field is left out`);
      const list = await readers[role].get(p('/environment'));
      assert.equal(list.status, 200);
      assert.ok(!list.text.includes(VAULT_PASSWORD), `${role}: the list does not carry it either`);
    }
    for (const api of [readers.manager, readers.owner, stack.admin]) {
      assert.equal((await api.get(p(`/environment/${environmentId}`))).body.password, VAULT_PASSWORD);
    }
  });

  test('guests and task runners download the backup without vault passwords or aliases; managers get both', async () => {
    for (const role of ['guest', 'task_runner'] as const) {
      const res = await readers[role].get(p('/backup'));
      assert.equal(res.status, 200, res.text);
      assert.ok(!res.text.includes(VAULT_PASSWORD), `${role}: no vault password`);
      for (const alias of aliases) assert.ok(!res.text.includes(alias), `${role}: no alias`);
      assert.deepEqual(res.body.integration_aliases, []);
    }
    const full = await readers.manager.get(p('/backup'));
    assert.ok(full.text.includes(VAULT_PASSWORD));
    for (const alias of aliases) assert.ok(full.text.includes(alias));
  });

  test('guests and task runners cannot list aliases (403); no route they may read shows one', async () => {
    for (const role of ['guest', 'task_runner'] as const) {
      const api = readers[role];
      assert.equal((await api.get(p('/integrations/aliases'))).status, 403, role);
      assert.equal((await api.get(p(`/integrations/${integrationId}/aliases`))).status, 403, role);
      const reads = [
        '/integrations',
        `/integrations/${integrationId}`,
        `/integrations/${integrationId}/matchers`,
        '/events',
        '/backup',
        '/templates',
      ];
      for (const path of reads) {
        const res = await api.get(p(path));
        assert.equal(res.status, 200, `${role} ${path}: ${res.text}`);
        for (const alias of aliases) assert.ok(!res.text.includes(alias), `${role} ${path} shows an alias`);
      }
    }
    assert.equal((await readers.manager.get(p('/integrations/aliases'))).status, 200);
  });

  test("nobody reads a key's secret: every role, administrators included, gets the secret fields empty", async () => {
    for (const api of [readers.guest, readers.task_runner, readers.manager, readers.owner, stack.admin]) {
      const res = await api.get(p('/keys'));
      assert.equal(res.status, 200);
      assert.ok(!res.text.includes(KEY_PASSWORD));
      const deploy = res.body.find((k: { name: string }) => k.name === 'deploy');
      assert.deepEqual(deploy.login_password, { login: '', password: '' });
      assert.equal(deploy.empty, false, 'it says a secret is stored, without showing it');
    }
  });

  test('a guest starts no task: not through the task routes, not through the webhook (it cannot learn an alias)', async () => {
    const before = await stack.db.task.count();
    assert.equal((await readers.guest.post(p('/tasks'), { template_id: o.templateId })).status, 403);
    assert.equal(await stack.db.task.count(), before);
  });
});
