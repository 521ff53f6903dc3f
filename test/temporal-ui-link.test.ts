// Where the Temporal Web UI is (for the task view's link to a task's workflow): /api/info tells
// administrators only, when it is known, and the setting takes only an http(s) address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/index.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { addMember, createProject, createUser, type TestUser } from './support/users.ts';

describe('the Temporal Web UI in /api/info', () => {
  let stack: InProcessStack;
  let owner: TestUser;
  let plain: TestUser;

  before(async () => {
    stack = await startInProcess('sqlite', { SIGNALMAN_TEMPORAL_UI_URL: 'https://temporal.example.test/ui/' });
    owner = await createUser(stack, 'owner');
    plain = await createUser(stack, 'plain');
    const projectId = await createProject(stack.admin, 'linked');
    await addMember(stack.admin, projectId, owner.id, 'owner');
  });
  after(async () => stack?.close());

  test('an administrator is told the configured address (no trailing slash) and the namespace', async () => {
    const info = await stack.admin.get('/api/info');
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.temporal_ui_url, 'https://temporal.example.test/ui');
    assert.equal(info.body.temporal_namespace, stack.config.temporalNamespace);
  });

  test('a project owner and a user of no project who are not administrators are told neither', async () => {
    for (const user of [owner, plain]) {
      const info = await user.api.get('/api/info');
      assert.equal(info.status, 200, info.text);
      assert.ok(info.body.version, 'the rest of the answer is there');
      assert.equal(info.body.temporal_ui_url, undefined, user.username);
      assert.equal(info.body.temporal_namespace, undefined, user.username);
    }
    assert.equal((await stack.anonymous.get('/api/info')).status, 401);
  });

  test('the setting takes only an http(s) address', () => {
    for (const bad of ['javascript:alert(1)', 'temporal.example.test', 'https://a b'])
      assert.throws(
        () => loadConfig({ SIGNALMAN_TEMPORAL_UI_URL: bad, SIGNALMAN_DATA_DIR: '/tmp/unused' }, { noConfig: true }),
        /temporal\.ui_url.*must be an http\(s\) URL/s,
        bad,
      );
  });
});
