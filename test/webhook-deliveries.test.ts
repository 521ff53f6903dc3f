// GitHub deliveries taken once (finding 10 of issue 9), on SQLite and PostgreSQL: the same signed
// delivery (X-GitHub-Delivery) sent twice, one after the other or both at once, starts exactly one
// task, and the second still gets upstream's answer (204); another delivery, or the same delivery
// to another integration, starts its own; an unsigned request does not use up a delivery's name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { createHook, createSecretKey, githubSignature, sendHook, type Hook } from './support/webhooks.ts';

const SECRET = 'deliveries-secret-7c1e';
const push = '{"ref": "refs/heads/main", "after": "c0ffee42"}';

for (const kind of DB_KINDS) {
  describe(`GitHub deliveries on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let first: Hook;
    let second: Hook;
    const consoleError = console.error;

    before(async () => {
      console.error = () => {}; // the receiver logs why a repeat started nothing
      stack = await startInProcess(kind);
      f = await createProjectWithRepo(stack.admin, makeRepo({ 'hook.sh': 'echo delivered\n' }).url);
      const templateId = await createTemplate(stack.admin, f, 'hook.sh');
      const secretId = await createSecretKey(stack.admin, f.projectId, SECRET);
      first = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: secretId,
      });
      second = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: secretId,
      });
    });
    after(async () => {
      console.error = consoleError;
      await stack?.close();
    });

    const deliver = (hook: Hook, delivery: string, signature = githubSignature(SECRET, push)) =>
      sendHook(stack.base, hook.alias, push, {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': delivery,
        'x-hub-signature-256': signature,
      });
    const tasksOf = (hook: Hook) => stack.db.task.count({ where: { integration_id: hook.id } });

    test('the same delivery sent twice starts one task; the repeat is still answered 204', async () => {
      const before = await tasksOf(first);
      const delivery = randomUUID();
      assert.deepEqual(await deliver(first, delivery), { status: 204, text: '' });
      assert.deepEqual(await deliver(first, delivery), { status: 204, text: '' });
      assert.equal(await tasksOf(first), before + 1);
      await deliver(first, randomUUID());
      assert.equal(await tasksOf(first), before + 2, 'another delivery starts its own task');
    });

    test('two identical deliveries at once start one task', async () => {
      for (let round = 0; round < 3; round++) {
        const before = await tasksOf(first);
        const delivery = randomUUID();
        const answers = await Promise.all([deliver(first, delivery), deliver(first, delivery)]);
        assert.deepEqual(
          answers.map((a) => a.status),
          [204, 204],
        );
        assert.equal(await tasksOf(first), before + 1, `round ${round}`);
      }
    });

    test('a delivery is taken once per integration, and a forged request does not use up its name', async () => {
      const delivery = randomUUID();
      const [a, b] = [await tasksOf(first), await tasksOf(second)];
      await deliver(second, delivery, githubSignature('not-the-secret', push));
      assert.equal(await tasksOf(second), b, 'the forged request started nothing');
      await deliver(first, delivery);
      await deliver(second, delivery);
      assert.equal(await tasksOf(first), a + 1);
      assert.equal(await tasksOf(second), b + 1, 'the signed delivery to the second integration still starts its task');
      const rows = await stack.db.integrationDelivery.findMany({ where: { delivery_id: delivery } });
      assert.deepEqual(rows.map((r) => r.integration_id).sort(), [first.id, second.id].sort());
    });
  });
}
