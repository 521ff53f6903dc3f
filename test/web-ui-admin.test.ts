// The administration pages in a real browser: users (a password left empty stays as it was),
// runners (a new runner's token shown once), apps switched off and added, options, the active
// tasks of every project; a user who is not an administrator is offered none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { signIn, startWebUi, type WebUi } from './support/web-ui.ts';

describe('administration pages in a browser', { skip: browserSkip }, () => {
  const repo = makeRepo({ 'sleep.sh': 'echo sleeping\nsleep 600\n' });
  let ui: WebUi;
  let page: Page;
  let f: ProjectFixture;
  const admin = () => ui.instance.api;
  const dialog = (name: string) => page.getByRole('dialog', { name });

  before(async () => {
    ui = await startWebUi('web-ui-admin');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
  });
  after(async () => ui?.close());

  test('users: made through the form; edited with the password left empty, the old one still signs in', async () => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const form = dialog('New user');
    await form.getByLabel('Username').fill('carol');
    await form.getByLabel('Name', { exact: true }).fill('Carol');
    await form.getByLabel('E-mail').fill('carol@example.test');
    await form.getByLabel('Password').fill('carol-password-1');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'carol@example.test' }).waitFor();

    await page.getByRole('button', { name: 'Edit Carol' }).click();
    await dialog('Edit Carol').getByLabel('Name', { exact: true }).fill('Carol C.');
    await dialog('Edit Carol').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Carol C.', exact: true }).waitFor();

    const other = await ui.browser.newContext({ baseURL: ui.base });
    const carol = await ui.watched(other);
    await signIn(carol, 'carol', 'carol-password-1');
    assert.equal(
      await carol.getByRole('navigation', { name: 'Administration' }).count(),
      0,
      'no administration for carol',
    );
    await carol.goto('/users');
    await carol.getByText('Only administrators see this page.').waitFor();
    assert.equal(await carol.getByRole('button', { name: 'New user' }).count(), 0);
    await other.close();
  });

  test("runners: a new runner's token is shown once; switched off in the list", async () => {
    await page.goto('/runners');
    await page.getByRole('button', { name: 'New runner' }).click();
    await dialog('New runner').getByLabel('Name', { exact: true }).fill('edge');
    await dialog('New runner').getByLabel('Tag').fill('edge-tag');
    await dialog('New runner').getByRole('button', { name: 'Save' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'shown this once' });
    await shown.waitFor();
    assert.ok(((await shown.locator('code').textContent()) ?? '').length >= 16, 'a token');
    await page.getByRole('checkbox', { name: 'edge active' }).click();
    await page.locator('input[aria-label="edge active"]:not(:checked)').waitFor();
    const [runner] = (await admin().get('/api/runners')).body;
    assert.equal(runner.active, false);
    assert.equal(runner.token, undefined, 'the list carries no token');
  });

  test('apps: one switched off is no longer offered for new templates; a custom app added', async () => {
    await page.goto('/apps');
    await page.getByRole('checkbox', { name: 'Python active' }).click();
    await page.locator('input[aria-label="Python active"]:not(:checked)').waitFor();
    await page.getByRole('button', { name: 'New app' }).click();
    await dialog('New app').getByLabel('Id').fill('bad id');
    await dialog('New app').getByRole('button', { name: 'Save' }).click();
    await dialog('New app').getByRole('alert').filter({ hasText: /./ }).first().waitFor();
    await dialog('New app').getByLabel('Id').fill('deno');
    await dialog('New app').getByLabel('Title').fill('Deno');
    await dialog('New app').getByLabel('Executable').fill('deno');
    await dialog('New app').getByLabel('Arguments before the script').fill('run');
    await dialog('New app').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'deno run' }).waitFor();
    await page.goto(`/project/${f.projectId}/templates/new`);
    const app = page.getByLabel('App', { exact: true });
    await app.locator('option[value="deno"]').waitFor({ state: 'attached' });
    assert.equal(await app.locator('option[value="python"]').count(), 0, 'python is off');
  });

  test('options: set through the form; a bad key is refused beside the field', async () => {
    await page.goto('/options');
    await page.getByLabel('Key', { exact: true }).fill('bad key!');
    await page.getByRole('button', { name: 'Set' }).click();
    await page.locator('.field:has(> label:text-is("Key")) .field-error').waitFor();
    await page.getByLabel('Key', { exact: true }).fill('ui.test_option');
    await page.getByLabel('Value', { exact: true }).fill('on');
    await page.getByRole('button', { name: 'Set' }).click();
    await page.getByRole('cell', { name: 'ui.test_option' }).waitFor();
    assert.equal((await admin().get('/api/options')).body['ui.test_option'], 'on');
  });

  test('active tasks: a running task is listed with its link, and leaves the list live when stopped', async () => {
    const tpl = await createTemplate(admin(), f, 'sleep.sh', { name: 'Sleeper' });
    const taskId = await runTask(admin(), f.projectId, tpl);
    await page.goto('/tasks');
    const link = page.getByRole('link', { name: `#${taskId}` });
    await link.waitFor({ timeout: 60_000 });
    assert.equal(await link.getAttribute('href'), `/project/${f.projectId}/history?t=${taskId}`);
    const stop = await admin().post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, { force: true });
    assert.equal(stop.status, 204, stop.text);
    await link.waitFor({ state: 'detached', timeout: 60_000 });
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
