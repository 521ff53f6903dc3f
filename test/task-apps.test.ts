// Apps as admins set them (/api/apps): a custom app runs `<path> <args> <script> …`, pulumi runs
// (here a STAND-IN named pulumi, provided by the test: the real tool cannot be installed), the
// executable is chosen by admins only, and a template of an unknown or inactive app is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { memberClient } from './support/members.ts';
import { snapshot } from './support/db-snapshot.ts';
import { workDir } from './support/env.ts';

// A STAND-IN interpreter for the custom app: says how it was called, then reads the script.
const INTERPRETER = `#!/bin/bash
echo "interpreter $(basename "$0") called with: $*"
for a in "$@"; do [ -f "$a" ] && while IFS= read -r line; do echo "script says: $line"; done < "$a"; done
exit 0
`;

describe('apps: path and args as admins set them', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let tools: string;

  before(async () => {
    stack = await startInProcess('sqlite');
    tools = workDir('app-tools');
    for (const name of ['myapp-interpreter', 'pulumi']) {
      writeFileSync(join(tools, name), INTERPRETER);
      chmodSync(join(tools, name), 0o755);
    }
    const repo = makeRepo({ 'job.txt': 'hello from the job\n', 'Pulumi.yaml': 'name: stack\n' });
    f = await createProjectWithRepo(stack.admin, repo.url, { extraVars: { who: 'world' } });
  });
  after(async () => stack?.close());

  test('a custom app registered by an admin runs its path with its args, then the script and its arguments', async () => {
    const set = await stack.admin.request('PUT', '/api/apps/myapp', {
      title: 'My app',
      path: join(tools, 'myapp-interpreter'),
      args: ['--mode', 'strict'],
      active: true,
    });
    assert.equal(set.status, 204, set.text);
    const templateId = await createTemplate(stack.admin, f, 'job.txt', { app: 'myapp' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', lines.join('\n'));
    const called = lines.find((l) => l.startsWith('interpreter myapp-interpreter called with: '));
    assert.match(called ?? lines.join('\n'), / --mode strict \/\S+\/repository\/job\.txt who=world$/);
    assert.ok(lines.includes('script says: hello from the job'), lines.join('\n'));
  });

  test('pulumi runs as the app id with the script (a stand-in named pulumi, first on the admin-set path)', async () => {
    const set = await stack.admin.request('PUT', '/api/apps/pulumi', { path: join(tools, 'pulumi'), args: ['up'] });
    assert.equal(set.status, 204, set.text);
    const templateId = await createTemplate(stack.admin, f, 'Pulumi.yaml', { app: 'pulumi' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', lines.join('\n'));
    assert.ok(
      lines.some((l) => /^interpreter pulumi called with: up \/\S+\/Pulumi\.yaml who=world$/.test(l)),
      lines.join('\n'),
    );
    assert.ok(!lines.some((l) => /not supported/.test(l)));
  });

  test('an unknown or inactive app id is refused with 400 "Invalid app id" and creates nothing', async () => {
    assert.equal((await stack.admin.request('PUT', '/api/apps/dormant', { path: '/bin/true' })).status, 204);
    const before = await snapshot(stack.db);
    for (const app of ['nosuchapp', 'dormant', 'rm -rf', '../bin/sh']) {
      const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
        name: `bad ${app}`,
        app,
        playbook: 'job.txt',
        repository_id: f.repositoryId,
        inventory_id: f.inventoryId,
        environment_id: f.environmentId,
      });
      assert.equal(res.status, 400, `${app}: ${res.text}`);
      assert.match(res.text, /Invalid app id/, app);
    }
    // switching off an app that templates use: changing them to it is refused too
    const templateId = await createTemplate(stack.admin, f, 'job.txt');
    const res = await stack.admin.request('PUT', `/api/project/${f.projectId}/templates/${templateId}`, {
      id: templateId,
      name: 'now dormant',
      app: 'dormant',
      playbook: 'job.txt',
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      environment_id: f.environmentId,
    });
    assert.equal(res.status, 400, res.text);
    assert.match(res.text, /Invalid app id/);
    const tpl = await stack.admin.get(`/api/project/${f.projectId}/templates/${templateId}`);
    assert.equal(tpl.body.app, 'bash');
    await stack.admin.request('DELETE', `/api/project/${f.projectId}/templates/${templateId}`);
    assert.deepEqual((await snapshot(stack.db)).Template, before.Template);
  });

  test('a task of an app switched off after its template was saved does not run, and says why', async () => {
    assert.equal(
      (await stack.admin.request('PUT', '/api/apps/laterapp', { path: '/bin/cat', active: true })).status,
      204,
    );
    const templateId = await createTemplate(stack.admin, f, 'job.txt', { app: 'laterapp' });
    assert.equal((await stack.admin.post('/api/apps/laterapp/active', { active: false })).status, 204);
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    assert.equal(task.status, 'error');
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.ok(
      lines.some((l) => /Invalid app id "laterapp"/.test(l)),
      lines.join('\n'),
    );
    assert.ok(!lines.includes('hello from the job'));
  });

  test("only admins set an app's path: project owners and members cannot, through apps or options", async () => {
    const before = await stack.admin.get('/api/apps');
    for (const role of ['owner', 'manager', 'task_runner', 'guest'] as const) {
      const member = await memberClient(stack, f.projectId, role);
      for (const [method, path, body] of [
        ['PUT', '/api/apps/myapp', { path: '/bin/sh', args: ['-c', 'id'] }],
        ['POST', '/api/apps/bash', { path: '/bin/sh' }],
        ['POST', '/api/apps/evil/active', { active: true }],
        ['DELETE', '/api/apps/myapp', undefined],
        ['POST', '/api/options', { key: 'apps.bash.path', value: '/bin/sh' }],
      ] as const) {
        const res = await member.request(method, path, body);
        assert.equal(res.status, 403, `${role} ${method} ${path}: ${res.status} ${res.text}`);
      }
      // what they can read: the list (to choose an app), and they can choose only an active one
      assert.equal((await member.get('/api/apps')).status, 200);
    }
    assert.deepEqual((await stack.admin.get('/api/apps')).body, before.body);
  });
});

describe('apps from the configuration (SEMAPHORE_APPS)', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;

  before(async () => {
    const tools = workDir('configured-app-tools');
    writeFileSync(join(tools, 'configured-interpreter'), INTERPRETER);
    chmodSync(join(tools, 'configured-interpreter'), 0o755);
    stack = await startInProcess('sqlite', {
      SEMAPHORE_APPS: JSON.stringify({
        confapp: {
          title: 'Configured app',
          path: join(tools, 'configured-interpreter'),
          args: ['--from-config'],
          active: true,
        },
        python: { active: false },
      }),
    });
    f = await createProjectWithRepo(stack.admin, makeRepo({ 'job.txt': 'configured job\n' }).url);
  });
  after(async () => stack?.close());

  test('a configured app is listed, templates may name it, and its tasks run its path and args', async () => {
    const listed = (await stack.admin.get('/api/apps')).body as Array<{ id: string; title: string; active: boolean }>;
    assert.deepEqual(
      listed.filter((a) => ['confapp', 'python'].includes(a.id)).map((a) => [a.id, a.title, a.active]),
      [
        ['python', 'Python', false],
        ['confapp', 'Configured app', true],
      ],
    );
    const templateId = await createTemplate(stack.admin, f, 'job.txt', { app: 'confapp' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', lines.join('\n'));
    assert.ok(
      lines.some((l) => /^interpreter configured-interpreter called with: --from-config \/\S+\/job\.txt$/.test(l)),
      lines.join('\n'),
    );
  });

  test('an app the configuration switches off is refused ("Invalid app id"); what admins set later wins', async () => {
    const refused = await stack.admin.request('POST', `/api/project/${f.projectId}/templates`, {
      name: 'py',
      app: 'python',
      playbook: 'job.txt',
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      environment_id: f.environmentId,
    });
    assert.equal(refused.status, 400, refused.text);
    assert.match(refused.text, /Invalid app id/);
    const set = await stack.admin.request('PUT', '/api/apps/confapp', { args: ['--from-admin'] });
    assert.equal(set.status, 204, set.text);
    const templateId = await createTemplate(stack.admin, f, 'job.txt', { app: 'confapp' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.ok(
      lines.some((l) => /^interpreter configured-interpreter called with: --from-admin \/\S+\/job\.txt$/.test(l)),
      lines.join('\n'),
    );
  });
});
