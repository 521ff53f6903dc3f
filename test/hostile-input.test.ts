// Hostile strings in every user-controlled field that reaches a command line are passed through
// literally or refused with a clear error: nothing is ever executed by a shell.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';

describe('hostile input never runs', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  const marker = join(workDir('hostile'), 'pwned');
  const payloads = [
    `; touch ${marker}`,
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `a\ntouch ${marker}`,
    `--output=${marker}`,
    `| touch ${marker}`,
  ];

  before(async () => {
    stack = await startInProcess('sqlite');
    const repo = makeRepo({ 'args.sh': 'for a in "$@"; do printf "arg<%s>\\n" "$a"; done\n' });
    f = await createProjectWithRepo(stack.admin, repo.url);
  });
  after(async () => stack?.close());

  test('hostile arguments and extra vars reach the script as literal arguments', async () => {
    const templateId = await createTemplate(stack.admin, f, 'args.sh', {
      allow_override_args_in_task: true,
      arguments: JSON.stringify(payloads.slice(0, 3)),
    });
    const taskId = await runTask(stack.admin, f.projectId, templateId, {
      arguments: JSON.stringify(payloads.slice(3)),
      environment: JSON.stringify({ v: payloads[1] }),
    });
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    const out = (await stack.admin.output(f.projectId, taskId)).join('\n');
    for (const p of [...payloads.slice(0, 3), ...payloads.slice(4)])
      assert.ok(out.includes(`arg<${p}>`), `literal ${JSON.stringify(p)} in\n${out}`);
    assert.ok(out.includes(`arg<v=${payloads[1]}>`));
    assert.equal(existsSync(marker), false);
  });

  test('hostile branch names are refused or fail to clone, without running anything', async () => {
    const templateId = await createTemplate(stack.admin, f, 'args.sh', { allow_override_branch_in_task: true });
    const refused = await stack.admin.post(`/api/project/${f.projectId}/tasks`, {
      template_id: templateId,
      git_branch: `--upload-pack=touch ${marker}`,
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /^git_branch: /);
    for (const branch of [`main; touch ${marker}`, `$(touch ${marker})`]) {
      const taskId = await runTask(stack.admin, f.projectId, templateId, { git_branch: branch });
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'error');
    }
    assert.equal(existsSync(marker), false);
  });

  test('playbook paths cannot leave the working copy', async () => {
    const tpl = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: 'escape',
      app: 'bash',
      playbook: '../../../bin/true',
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
    });
    assert.equal(tpl.status, 400);
    assert.match(tpl.body.error, /^playbook: /);
    const templateId = await createTemplate(stack.admin, f, 'args.sh');
    const task = await stack.admin.post(`/api/project/${f.projectId}/tasks`, {
      template_id: templateId,
      playbook: '../outside.sh',
    });
    assert.equal(task.status, 400);
    assert.match(task.body.error, /^playbook: /);
    const absolute = await runTask(stack.admin, f.projectId, templateId, { playbook: '/bin/true' });
    const done = await stack.admin.waitForTask(f.projectId, absolute);
    assert.equal(done.status, 'error', 'an absolute path is taken inside the repository, where it does not exist');
  });

  test('a repository URL starting with "-" is refused', async () => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/repositories`, {
      name: 'x',
      git_url: `--upload-pack=touch ${marker}`,
      git_branch: 'main',
      ssh_key_id: f.keyId,
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error, /^git_url: /);
    assert.equal(existsSync(marker), false);
  });
});
