// The key store, repositories, inventories and environments in a real browser: each made and
// edited through its form, then used by a task; secrets never reach the page, and an empty secret
// field leaves the secret as it is; the API's refusals shown in the form; a guest offered no
// New, Edit or Delete.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { makeRepo } from './support/git-repo.ts';
import { SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

describe('keys, repositories, inventories and environments in a browser', { skip: browserSkip }, () => {
  const repo = makeRepo({ 'env.sh': 'echo "stage=$STAGE token=$API_TOKEN args=$*"\n' });
  const KEY_SECRET = 'tok-SECRET-1';
  const ENV_SECRET = 's3cr3t-env-value';
  let ui: WebUi;
  let page: Page;
  let projectId = 0;
  const admin = () => ui.instance.api;
  const seen: string[] = []; // every API answer the admin's page received
  const dialog = (name: string) => page.getByRole('dialog', { name });
  const named = async (what: string, name: string) =>
    (await admin().get(`/api/project/${projectId}/${what}`)).body.find((x: any) => x.name === name);

  before(async () => {
    ui = await startWebUi('web-ui-resources');
    page = ui.page;
    page.on('response', async (r) => {
      if (r.url().includes('/api/')) seen.push(await r.text().catch(() => ''));
    });
    const project = await admin().post('/api/projects', { name: 'Resources' });
    projectId = project.body.id;
  });
  after(async () => ui?.close());

  test('a key: made with a secret that is never shown; renamed with the secret field empty, it keeps it', async () => {
    await page.goto(`/project/${projectId}/keys`);
    await page.getByRole('button', { name: 'New key' }).click();
    await dialog('New key').getByLabel('Name', { exact: true }).fill('deploy token');
    await dialog('New key').getByLabel('Type', { exact: true }).selectOption('string');
    await dialog('New key').getByLabel('Secret text').fill(KEY_SECRET);
    await dialog('New key').getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row', { name: /deploy token/ });
    await row.getByText('set (never shown)').waitFor();

    await page.getByRole('button', { name: 'Edit deploy token' }).click();
    const edit = dialog('Edit deploy token');
    assert.equal(await edit.getByLabel('Secret text').inputValue(), '', 'the secret is not shown');
    await edit.getByText('Empty: unchanged').waitFor();
    await edit.getByLabel('Name', { exact: true }).fill('deploy token 2');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('row', { name: /deploy token 2/ })
      .getByText('set (never shown)')
      .waitFor();
    const key = await named('keys', 'deploy token 2');
    assert.equal(key.empty, false, 'the secret is still there');
    assert.ok(!(await page.content()).includes(KEY_SECRET));
  });

  test('a repository, an inventory and an environment with a secret through their forms; a task uses them', async () => {
    await page.goto(`/project/${projectId}/repositories`);
    await page.getByRole('button', { name: 'New repository' }).click();
    await dialog('New repository').getByLabel('Name', { exact: true }).fill('local repo');
    await dialog('New repository').getByLabel('Git URL').fill(repo.url);
    await dialog('New repository').getByLabel('Access key').selectOption({ label: 'None' });
    await dialog('New repository').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: repo.url }).waitFor();

    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('button', { name: 'New inventory' }).click();
    const inv = dialog('New inventory');
    await inv.getByLabel('Name', { exact: true }).fill('hosts');
    await inv.getByLabel('Type', { exact: true }).selectOption('tofu-workspace');
    await inv.getByLabel('Workspace').waitFor();
    assert.equal(await inv.getByLabel('User credentials').count(), 0, 'a workspace needs no credentials');
    await inv.getByLabel('Type', { exact: true }).selectOption('static');
    await inv.getByLabel('Hosts').fill('localhost ansible_connection=local');
    await inv.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Static (INI)' }).waitFor();

    await page.getByRole('link', { name: 'Environment' }).click();
    await page.getByRole('button', { name: 'New environment' }).click();
    const env = dialog('New environment');
    await env.getByLabel('Name', { exact: true }).fill('staging');
    await env.getByLabel('Extra variables').fill('{');
    await env.getByRole('button', { name: 'Save' }).click();
    const jsonError = env.locator('.field:has(> label:text-is("Extra variables")) .field-error');
    await jsonError.waitFor();
    assert.match((await jsonError.textContent()) ?? '', /JSON/i);
    await env.getByLabel('Extra variables').fill('{"region": "eu"}');
    await env.getByLabel('Environment variables').fill('{"STAGE": "test"}');
    await env.getByRole('button', { name: 'Add a secret' }).click();
    await env.getByLabel('Secret name').fill('API_TOKEN');
    await env.getByLabel('Secret kind').selectOption('env');
    await env.getByLabel('Secret value').fill(ENV_SECRET);
    await page.screenshot({ path: join(SCREENSHOTS, 'environment-form.png') });
    await env.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'API_TOKEN' }).waitFor();

    const run = async () => {
      const templates = (await admin().get(`/api/project/${projectId}/templates`)).body;
      let tpl = templates[0]?.id;
      if (!tpl) {
        const made = await admin().post(`/api/project/${projectId}/templates`, {
          name: 'env',
          app: 'bash',
          playbook: 'env.sh',
          repository_id: (await named('repositories', 'local repo')).id,
          inventory_id: (await named('inventory', 'hosts')).id,
          environment_id: (await named('environment', 'staging')).id,
        });
        assert.equal(made.status, 201, made.text);
        tpl = made.body.id;
      }
      const task = await admin().post(`/api/project/${projectId}/tasks`, { template_id: tpl });
      assert.equal((await admin().waitForTask(projectId, task.body.id)).status, 'success');
      return (await admin().output(projectId, task.body.id)).join('\n');
    };
    assert.match(await run(), /stage=test token=\*{10} args=region=eu/);

    // Edited with the secret's field left empty: the secret stays.
    await page.getByRole('button', { name: 'Edit staging' }).click();
    const edit = dialog('Edit staging');
    assert.equal(await edit.getByLabel('Secret value').inputValue(), '');
    await edit.getByLabel('Extra variables').fill('{"region": "us"}');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    assert.match(await run(), /stage=test token=\*{10} args=region=us/);
    assert.ok(!seen.some((body) => body.includes(ENV_SECRET) || body.includes(KEY_SECRET)), 'no secret in any answer');
    assert.ok(!(await page.content()).includes(ENV_SECRET));
  });

  test('deleting: a repository in use is refused in the dialog; an unused key goes', async () => {
    await page.goto(`/project/${projectId}/repositories`);
    await page.getByRole('button', { name: 'Delete local repo' }).click();
    const confirm = dialog('Delete local repo?');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('alert').filter({ hasText: /./ }).waitFor();
    assert.ok(await named('repositories', 'local repo'), 'still there');
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Key Store' }).click();
    await page.getByRole('button', { name: 'Delete deploy token 2' }).click();
    await dialog('Delete deploy token 2?').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('row', { name: /deploy token 2/ }).waitFor({ state: 'detached' });
    assert.equal(await named('keys', 'deploy token 2'), undefined);
  });

  test('a guest sees the lists with no New, Edit or Delete', async () => {
    const guest = await ui.member(projectId, 'guest');
    for (const [path, title, noun, item] of [
      ['keys', 'Key Store', 'key', 'None'],
      ['repositories', 'Repositories', 'repository', 'local repo'],
      ['inventory', 'Inventory', 'inventory', 'hosts'],
      ['environment', 'Environment', 'environment', 'staging'],
    ]) {
      await guest.goto(`/project/${projectId}/${path}`);
      await guest.getByRole('heading', { name: title }).waitFor();
      await guest.getByRole('cell', { name: item, exact: true }).first().waitFor();
      assert.equal(await guest.getByRole('button', { name: `New ${noun}` }).count(), 0, path);
      assert.equal(await guest.getByRole('button', { name: /^(Edit|Delete) / }).count(), 0, path);
    }
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
