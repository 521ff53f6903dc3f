// A schedule's and an integration's task_params are stored and shown to every member of the
// project: a secret value (`secret`, secret survey values) is refused there, and nothing is stored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';

describe('secrets in the task_params of schedules and integrations', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let templateId = 0;

  before(async () => {
    stack = await startInProcess('sqlite');
    f = await createProjectWithRepo(stack.admin, makeRepo({ 'a.sh': 'echo a\n' }).url);
    templateId = await createTemplate(stack.admin, f, 'a.sh');
  });
  after(async () => stack?.close());

  for (const [kind, extra] of [
    ['schedules', { cron_format: '0 3 * * *', name: 'nightly' }],
    ['integrations', { name: 'hook' }],
  ] as const) {
    test(`${kind}: a secret in task_params is refused naming it; other params are kept`, async () => {
      const path = `/api/project/${f.projectId}/${kind}`;
      const refused = await stack.admin.post(path, {
        ...extra,
        template_id: templateId,
        task_params: { secret: '{"token":"hunter2-secret"}', message: 'x' },
      });
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.body.error, /^task_params\.secret: secret values are stored nowhere/);
      assert.equal((await stack.admin.get(path)).body.length, 0, 'nothing stored');
      assert.ok(!(await stack.admin.get(path)).text.includes('hunter2'));

      const kept = await stack.admin.post(path, {
        ...extra,
        template_id: templateId,
        task_params: { environment: '{"region":"eu"}', secret: '' },
      });
      assert.equal(kept.status, 201, kept.text);
      const [saved] = (await stack.admin.get(path)).body;
      assert.equal(saved.task_params.environment, '{"region":"eu"}');
    });
  }
});
