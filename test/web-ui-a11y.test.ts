// Accessibility of the web UI in a real browser: axe-core (from web/node_modules) run on each page
// and dialog finds no serious or critical violation, and the run dialog works from the keyboard
// alone (Tab to Run, Enter opens it with the focus inside, Escape closes it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { startWebUi, type WebUi } from './support/web-ui.ts';
import { axeViolations as violations } from './support/axe.ts';

describe('accessibility of the web UI', { skip: browserSkip }, () => {
  const repo = makeRepo({ 'hi.sh': 'echo "hi \\033[32mgreen\\033[0m"\n' });
  let ui: WebUi;
  let page: Page;
  let f: ProjectFixture;
  let taskId = 0;
  const admin = () => ui.instance.api;

  before(async () => {
    ui = await startWebUi('web-ui-a11y');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
    const tpl = await createTemplate(admin(), f, 'hi.sh', {
      name: 'Hi',
      allow_override_args_in_task: true,
      survey_vars: [{ name: 'who', title: 'Who', type: '', required: true, description: 'Whom to greet' }],
    });
    taskId = await runTask(admin(), f.projectId, tpl, { environment: '{"who":"x"}' });
    await admin().waitForTask(f.projectId, taskId);
  });
  after(async () => ui?.close());

  test('no serious or critical axe violation on any page', async () => {
    const p = `/project/${f.projectId}`;
    const pages: Array<[string, string]> = [
      ['/', 'Projects'],
      [`${p}/history?t=${taskId}`, `Task #${taskId}`],
      [`${p}/templates`, 'Templates'],
      [`${p}/templates/new`, 'New template'],
      [`${p}/inventory`, 'Inventory'],
      [`${p}/environment`, 'Environment'],
      [`${p}/keys`, 'Key Store'],
      [`${p}/repositories`, 'Repositories'],
      [`${p}/schedule`, 'Schedules'],
      [`${p}/integrations`, 'Integrations'],
      [`${p}/team`, 'Team'],
      [`${p}/activity`, 'Activity'],
      [`${p}/settings`, 'Settings'],
      ['/users', 'Users'],
      ['/runners', 'Runners'],
      ['/tasks', 'Active tasks'],
      ['/apps', 'Apps'],
      ['/options', 'Options'],
    ];
    const problems: string[] = [];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      if (path.includes('?t='))
        await page.getByRole('log', { name: 'Task output' }).getByText('green').first().waitFor();
      for (const v of await violations(page)) problems.push(`${path}: ${v}`);
    }
    await page.goto(`${p}/templates`);
    await page.getByRole('button', { name: 'Run Hi' }).click();
    await page.getByRole('dialog', { name: 'Run Hi' }).waitFor();
    for (const v of await violations(page)) problems.push(`run dialog: ${v}`);
    await page.goto(`${p}/keys`);
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByRole('dialog', { name: 'New key' }).waitFor();
    for (const v of await violations(page)) problems.push(`key dialog: ${v}`);
    await page.goto('/auth/login');
    for (const v of await violations(page)) problems.push(`/auth/login: ${v}`);
    assert.deepEqual(problems, []);
  });

  test('the run dialog from the keyboard alone', async () => {
    await page.goto('/');
    await page.goto(`/project/${f.projectId}/templates`);
    const run = page.getByRole('button', { name: 'Run Hi' });
    await run.waitFor();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await run.evaluate((el) => el === document.activeElement);
    }
    assert.ok(reached, 'Tab reaches the Run button');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Run Hi' });
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((el) => el.contains(document.activeElement)), 'the focus is in the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
