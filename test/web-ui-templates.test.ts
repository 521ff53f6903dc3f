// Template forms in a real browser: a bash template with a survey variable and allowed overrides,
// edited; an ansible template with a vault and task_params; OpenTofu's own fields; a custom app
// from /api/apps offered; the API's refusal shown beside the field it names.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { createProjectWithRepo, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

describe('template forms in a browser', { skip: browserSkip }, () => {
  const repo = makeRepo({ 'hello.sh': 'echo "hello $*"\n', 'site.yml': '- hosts: all\n  tasks: []\n' });
  let ui: WebUi;
  let f: ProjectFixture;
  let page: Page;
  const admin = () => ui.instance.api;
  const templateNamed = async (name: string) =>
    (await admin().get(`/api/project/${f.projectId}/templates`)).body.find((t: any) => t.name === name);

  before(async () => {
    ui = await startWebUi('web-ui-templates');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
  });
  after(async () => ui?.close());

  test('a bash template with a survey variable, created through the form, runs and asks for it', async () => {
    await page.goto(`/project/${f.projectId}/templates`);
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('heading', { name: 'New template' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Hello');
    await page.getByLabel('App', { exact: true }).selectOption('bash');
    assert.equal(
      await page.getByLabel('Playbook', { exact: true }).count(),
      0,
      'a bash template has a script, not a playbook',
    );
    await page.getByLabel('Script', { exact: true }).fill('hello.sh');
    await page.getByLabel('Repository', { exact: true }).selectOption({ label: 'repo' });
    await page.getByLabel('Inventory', { exact: true }).selectOption({ label: 'local' });
    await page.getByLabel('Environment', { exact: true }).selectOption({ label: 'vars' });
    assert.equal(
      await page.getByLabel('Limit', { exact: true }).count(),
      0,
      'ansible-only overrides are not offered for bash',
    );
    await page.getByRole('checkbox', { name: 'Allow arguments in tasks' }).check();
    await page.getByRole('button', { name: 'Add a survey variable' }).click();
    const survey = page.getByRole('group', { name: 'Survey variable 1' });
    await survey.getByLabel('Variable name', { exact: true }).fill('who');
    await survey.getByLabel('Title', { exact: true }).fill('Who');
    await survey.getByLabel('Required', { exact: true }).check();
    await page.screenshot({ path: join(SCREENSHOTS, 'template-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'Hello', exact: true }).waitFor();

    const t = await templateNamed('Hello');
    assert.equal(t.app, 'bash');
    assert.equal(t.playbook, 'hello.sh');
    assert.equal(t.repository_id, f.repositoryId);
    assert.equal(t.inventory_id, f.inventoryId);
    assert.equal(t.environment_id, f.environmentId);
    assert.equal(t.allow_override_args_in_task, true);
    assert.equal(t.allow_override_branch_in_task, false);
    assert.deepEqual(
      t.survey_vars.map((v: any) => [v.name, v.title, v.required]),
      [['who', 'Who', true]],
    );

    await page.getByRole('button', { name: 'Run Hello' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run Hello' });
    await dialog.getByLabel('Who', { exact: true }).fill('browser');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('log', { name: 'Task output' }).getByText('hello who=browser').waitFor({ timeout: 90_000 });
  });

  test('editing keeps what is not changed and saves what is', async () => {
    await page.goto(`/project/${f.projectId}/templates`);
    await page.getByRole('link', { name: 'Edit Hello' }).click();
    await page.getByRole('heading', { name: 'Edit Hello' }).waitFor();
    assert.equal(await page.getByLabel('Script', { exact: true }).inputValue(), 'hello.sh');
    assert.equal(await page.getByRole('checkbox', { name: 'Allow arguments in tasks' }).isChecked(), true);
    assert.equal(
      await page
        .getByRole('group', { name: 'Survey variable 1' })
        .getByLabel('Variable name', { exact: true })
        .inputValue(),
      'who',
    );
    await page.getByLabel('Name', { exact: true }).fill('Hello again');
    await page.getByRole('checkbox', { name: 'Allow another branch' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Hello again', exact: true }).waitFor();
    const t = await templateNamed('Hello again');
    assert.equal(t.allow_override_branch_in_task, true);
    assert.equal(t.allow_override_args_in_task, true, 'unchanged');
    assert.equal(t.survey_vars.length, 1, 'unchanged');
  });

  test('an ansible template with a vault and allowed overrides; OpenTofu and a custom app have their own fields', async () => {
    const vaultKey = await admin().post(`/api/project/${f.projectId}/keys`, {
      name: 'vault pass',
      type: 'login_password',
      login_password: { login: '', password: 'vault-secret' },
    });
    assert.ok([201, 204].includes(vaultKey.status), vaultKey.text);
    const custom = await admin().put('/api/apps/deno', { title: 'Deno', path: 'deno', args: ['run'], active: true });
    assert.ok([200, 204].includes(custom.status), custom.text);

    await page.goto(`/project/${f.projectId}/templates/new`);
    await page.getByLabel('App', { exact: true }).selectOption('tofu');
    await page.getByLabel('Sub-directory', { exact: true }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: 'Allow destroy' }).isChecked(), true);
    await page.getByRole('checkbox', { name: 'Allow auto approve' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add a vault' }).count(), 0, 'vaults are ansible only');
    assert.deepEqual(await page.getByLabel('App', { exact: true }).locator('option[value="deno"]').allTextContents(), [
      'Deno',
    ]);

    await page.getByLabel('App', { exact: true }).selectOption('ansible');
    await page.getByLabel('Name', { exact: true }).fill('Site');
    await page.getByLabel('Playbook', { exact: true }).fill('site.yml');
    await page.getByLabel('Repository', { exact: true }).selectOption({ label: 'repo' });
    await page.getByLabel('Inventory', { exact: true }).selectOption({ label: 'local' });
    await page.getByRole('checkbox', { name: 'Allow a limit' }).check();
    await page.getByRole('checkbox', { name: 'Allow debug' }).check();
    await page.getByRole('button', { name: 'Add a vault' }).click();
    const vault = page.getByRole('group', { name: 'Vault 1' });
    await vault.getByLabel('Vault id', { exact: true }).fill('prod');
    await vault.getByLabel('Vault password key', { exact: true }).selectOption({ label: 'vault pass' });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'Site', exact: true }).waitFor();
    const t = await templateNamed('Site');
    assert.equal(t.app, 'ansible');
    assert.equal(t.task_params.allow_override_limit, true);
    assert.equal(t.task_params.allow_debug, true);
    assert.deepEqual(
      t.vaults.map((v: any) => [v.name, v.type, v.vault_key_id]),
      [['prod', 'password', vaultKey.body?.id ?? t.vaults[0].vault_key_id]],
    );
  });

  test("the API's refusal is shown beside the field it names, and nothing is saved", async () => {
    await page.goto(`/project/${f.projectId}/templates/new`);
    await page.getByLabel('Name', { exact: true }).fill('Escape');
    await page.getByLabel('App', { exact: true }).selectOption('bash');
    await page.getByLabel('Script', { exact: true }).fill('../outside.sh');
    await page.getByLabel('Repository', { exact: true }).selectOption({ label: 'repo' });
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('.field:has(> label:text-is("Script")) .field-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /inside the repository/);
    assert.equal(await page.getByLabel('Script', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await templateNamed('Escape'), undefined);
    await page.getByLabel('Type', { exact: true }).selectOption('deploy');
    await page.getByLabel('Script', { exact: true }).fill('hello.sh');
    await page.getByRole('button', { name: 'Create' }).click();
    const buildError = page.locator('.field:has(> label:text-is("Build template")) .field-error');
    await buildError.waitFor();
    assert.match((await buildError.textContent()) ?? '', /required for deploy/);
    assert.equal(
      await page.locator('.field:has(> label:text-is("Script")) .field-error').count(),
      0,
      'the old error is gone',
    );
  });

  test('templates grouped by views: a template put in a view through the form is listed under it', async () => {
    const view = await admin().post(`/api/project/${f.projectId}/views`, { title: 'Prod', position: 1 });
    assert.ok([200, 201, 204].includes(view.status), view.text);
    await page.goto(`/project/${f.projectId}/templates`);
    await page.getByRole('link', { name: 'Edit Hello again' }).click();
    await page.getByLabel('View', { exact: true }).selectOption({ label: 'Prod' });
    await page.getByRole('button', { name: 'Save' }).click();
    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('link', { name: 'Prod' }).click();
    await page.waitForURL(/\/views\/\d+\/templates$/);
    await page.getByRole('cell', { name: 'Hello again', exact: true }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Site', exact: true }).count(), 0, 'not in the view');
    await views.getByRole('link', { name: 'All' }).click();
    await page.getByRole('cell', { name: 'Site', exact: true }).waitFor();
  });

  test('a guest is offered no New template and no Edit, and the form itself says so', async () => {
    const guest = await ui.member(f.projectId, 'guest');
    await guest.goto(`/project/${f.projectId}/templates`);
    await guest.getByRole('cell', { name: 'Site', exact: true }).waitFor();
    assert.equal(await guest.getByRole('link', { name: 'New template' }).count(), 0);
    assert.equal(await guest.getByRole('link', { name: /^Edit/ }).count(), 0);
    await guest.goto(`/project/${f.projectId}/templates/new`);
    await guest.getByText("Only members who may manage the project's resources edit templates.").waitFor();
    assert.equal(await guest.getByRole('button', { name: 'Create' }).count(), 0);
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
