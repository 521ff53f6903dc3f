// The run dialog in a real browser: it offers only what the template lets a task change, sends
// survey values (a secret one as `secret`, masked in the log and stored nowhere) and arguments,
// and shows the API's refusal beside the field it names. A task runner may run but not edit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { browserSkip } from './support/browser.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

describe('the run dialog in a browser', { skip: browserSkip }, () => {
  const repo = makeRepo({
    'show.sh': 'echo "args: $*"\necho "token: $token"\necho "branch file: $(cat branch.txt)"\n',
    'branch.txt': 'main\n',
    'site.yml': '- hosts: all\n  tasks: []\n',
  });
  execFileSync('git', ['checkout', '-q', '-b', 'other'], { cwd: repo.path });
  repo.commit({ 'branch.txt': 'other\n' }, 'other branch');
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: repo.path });
  let ui: WebUi;
  let f: ProjectFixture;
  const admin = () => ui.instance.api;

  before(async () => {
    ui = await startWebUi('web-ui-run');
    f = await createProjectWithRepo(admin(), repo.url);
  });
  after(async () => ui?.close());

  test('a bash template: branch, arguments and survey values, a secret one masked and not stored', async () => {
    await createTemplate(admin(), f, 'show.sh', {
      name: 'Show',
      git_branch: 'main',
      arguments: '["--from-template"]',
      allow_override_args_in_task: true,
      allow_override_branch_in_task: true,
      survey_vars: [
        { name: 'who', title: 'Who', type: '', required: true, description: 'Whom to greet' },
        { name: 'count', title: 'Count', type: 'int', required: false, description: '' },
        {
          name: 'colour',
          title: 'Colour',
          type: 'enum',
          required: true,
          description: '',
          values: [
            { name: 'Red', value: 'red' },
            { name: 'Blue', value: 'blue' },
          ],
        },
        { name: 'token', title: 'Token', type: 'secret', required: false, description: '' },
      ],
    });
    const { page } = ui;
    await page.goto(`/project/${f.projectId}/templates`);
    await page.getByRole('button', { name: 'Run Show' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run Show' });
    for (const label of ['Message', 'Branch', 'Arguments', 'Who', 'Count', 'Colour', 'Token'])
      assert.equal(await dialog.getByLabel(label, { exact: true }).count(), 1, `${label} is offered`);
    for (const label of ['Limit', 'Tags', 'Skip tags', 'Inventory', 'Debug', 'Dry run (--check)', 'Diff (--diff)'])
      assert.equal(await dialog.getByLabel(label, { exact: true }).count(), 0, `${label} is not offered for bash`);
    assert.equal(await dialog.getByLabel('Token').getAttribute('type'), 'password');
    assert.equal(await dialog.getByLabel('Branch').inputValue(), 'main', "the template's branch");
    assert.equal(
      await dialog.getByLabel('Arguments').inputValue(),
      '',
      "the template's own arguments are not copied in",
    );
    await dialog.getByText("after the template's own: --from-template").waitFor();
    await dialog.getByLabel('Branch').fill('other');
    await dialog.getByLabel('Arguments').fill('--first\n--second');
    await dialog.getByLabel('Who').fill('Alice');
    await dialog.getByLabel('Count').fill('3');
    await dialog.getByLabel('Colour').selectOption('blue');
    await dialog.getByLabel('Token').fill('hunter2-secret');
    await page.screenshot({ path: join(SCREENSHOTS, 'run-dialog.png') });
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/history\?t=\d+$/);
    const taskId = Number(new URL(page.url()).searchParams.get('t'));
    const log = page.getByRole('log', { name: 'Task output' });
    await page.locator('.task [data-status="success"]').waitFor({ timeout: 90_000 });
    await log.getByText('branch file: other').waitFor();
    const args = (await log.locator('.log-line', { hasText: /^args: / }).textContent()) ?? '';
    for (const part of ['who=Alice', 'count=3', 'colour=blue', '--first --second'])
      assert.ok(args.includes(part), `${part} in "${args}"`);
    assert.equal(args.split('--from-template').length, 2, `the template's argument once: "${args}"`);
    assert.ok(!args.includes('hunter2'), 'a secret is no command-line argument');
    await log.getByText('token: **********').waitFor();
    const task = await admin().get(`/api/project/${f.projectId}/tasks/${taskId}`);
    assert.equal(task.body.git_branch, 'other');
    assert.deepEqual(JSON.parse(task.body.environment), { who: 'Alice', count: 3, colour: 'blue' });
    assert.ok(!JSON.stringify(task.body).includes('hunter2'), 'the secret is stored nowhere');
    const output = await admin().get(`/api/project/${f.projectId}/tasks/${taskId}/output`);
    assert.ok(!output.text.includes('hunter2'), 'nor in the stored log');
  });

  test('an ansible template offers its allowed fields; a refusal of the API is shown beside its field', async () => {
    const created = await admin().post(`/api/project/${f.projectId}/templates`, {
      name: 'Play',
      app: 'ansible',
      playbook: 'site.yml',
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      task_params: { allow_override_limit: true, allow_debug: true, allow_override_tags: true },
    });
    assert.equal(created.status, 201, created.text);
    const { page } = ui;
    await page.goto(`/project/${f.projectId}/templates`);
    await page.getByRole('button', { name: 'Run Play' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run Play' });
    for (const label of ['Limit', 'Tags', 'Debug', 'Dry run (--check)', 'Diff (--diff)'])
      assert.equal(await dialog.getByLabel(label, { exact: true }).count(), 1, `${label} is offered`);
    for (const label of ['Skip tags', 'Inventory', 'Branch', 'Arguments'])
      assert.equal(await dialog.getByLabel(label, { exact: true }).count(), 0, `${label} is not allowed`);
    await dialog.getByLabel('Debug', { exact: true }).check();
    assert.equal(await dialog.getByLabel('Debug level').count(), 1, 'the debug level comes with debug');

    // Meanwhile the template stops allowing a limit: the API refuses, and says so beside Limit.
    const stored = (await admin().get(`/api/project/${f.projectId}/templates/${created.body.id}`)).body;
    const { last_task: _l, ...body } = stored;
    const put = await admin().put(`/api/project/${f.projectId}/templates/${created.body.id}`, {
      ...body,
      task_params: { allow_debug: true, allow_override_tags: true },
    });
    assert.equal(put.status, 204, put.text);
    const before = (await admin().get(`/api/project/${f.projectId}/tasks`)).body.length;
    await dialog.getByLabel('Limit').fill('web1');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    const limitError = dialog.locator('.field:has(> label:text-is("Limit")) .field-error');
    await limitError.waitFor();
    assert.match((await limitError.textContent()) ?? '', /does not allow limit/);
    assert.equal(await dialog.getByLabel('Limit').getAttribute('aria-invalid'), 'true');
    assert.equal((await admin().get(`/api/project/${f.projectId}/tasks`)).body.length, before, 'no task was made');
    await page.screenshot({ path: join(SCREENSHOTS, 'run-dialog-error.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  test('a task runner is offered Run but not New template or Edit', async () => {
    const runner = await ui.member(f.projectId, 'task_runner');
    await runner.goto(`/project/${f.projectId}/templates`);
    await runner.getByRole('button', { name: 'Run Show' }).waitFor();
    assert.equal(await runner.getByRole('link', { name: 'New template' }).count(), 0);
    assert.equal(await runner.getByRole('link', { name: /^Edit/ }).count(), 0);
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
