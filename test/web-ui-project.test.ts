// A project's schedules, team, activity and settings in a real browser: a cron schedule with its
// plain-words preview, the server's refusal beside the field, and its task appearing live in the
// history; members added, given another role, removed; the activity log; settings saved and the
// backup downloaded; what a guest is not offered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

describe("a project's schedules, team, activity and settings in a browser", { skip: browserSkip }, () => {
  const repo = makeRepo({ 'tick.sh': 'echo tick\n' });
  let ui: WebUi;
  let f: ProjectFixture;
  let page: Page;
  let guest: Page;
  const admin = () => ui.instance.api;
  const dialog = (name: string) => page.getByRole('dialog', { name });

  before(async () => {
    ui = await startWebUi('web-ui-project');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
    await createTemplate(admin(), f, 'tick.sh', { name: 'Tick' });
  });
  after(async () => ui?.close());

  test('a schedule: its preview in plain words, a bad expression refused beside the field, its task appears live', async () => {
    await page.goto(`/project/${f.projectId}/schedule`);
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = dialog('New schedule');
    await form.getByLabel('Name', { exact: true }).fill('Every minute');
    await form.getByLabel('Template').selectOption({ label: 'Tick' });
    await form.getByLabel('Cron expression').fill('30 9 * * 1-5');
    await form.getByText('At 09:30, on Monday, Tuesday, Wednesday, Thursday, Friday').waitFor();
    await form.getByText(/next \(UTC\): /).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'schedule-form.png') });
    await form.getByLabel('Cron expression').fill('61 * * * *');
    await form.getByRole('button', { name: 'Save' }).click();
    const cronError = form.locator('.field:has(> label:text-is("Cron expression")) .field-error');
    await cronError.waitFor();
    assert.match((await cronError.textContent()) ?? '', /minute/);
    assert.equal((await admin().get(`/api/project/${f.projectId}/schedules`)).body.length, 0, 'nothing saved');

    await form.getByLabel('Cron expression').fill('* * * * *');
    await form.getByText('Every minute', { exact: true }).waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '* * * * *' }).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    // The history itself, not the page before, whose lists name the template too.
    await page.getByRole('heading', { name: 'History', exact: true }).waitFor();
    // The schedule's task arrives through /api/ws, without reloading the page.
    await page.getByRole('cell', { name: 'Tick' }).first().waitFor({ timeout: 150_000 });
    const tasks = (await admin().get(`/api/project/${f.projectId}/tasks`)).body;
    assert.ok(
      tasks.some((t: any) => t.schedule_id),
      'the task was started by the schedule',
    );
    await page.getByRole('link', { name: 'Schedules' }).click();
    // Switched off in the list: the box follows the saved state.
    await page.getByRole('checkbox', { name: 'Every minute active' }).click();
    await page.locator('input[aria-label="Every minute active"]:not(:checked)').waitFor();
    const [schedule] = (await admin().get(`/api/project/${f.projectId}/schedules`)).body;
    assert.equal(schedule.active, false);
  });

  test('the team: a member added as a guest, made a task runner, removed; a guest sees no Team', async () => {
    const username = `member-${process.pid}`;
    const user = await admin().post('/api/users', {
      username,
      name: 'Member',
      email: `${username}@example.test`,
      password: `${username}-pw`,
    });
    assert.equal(user.status, 201, user.text);
    await page.goto(`/project/${f.projectId}/team`);
    await page.getByRole('button', { name: 'New member' }).click();
    await dialog('New member')
      .getByLabel('User')
      .selectOption({ label: `Member (${username})` });
    await dialog('New member').getByLabel('Role').selectOption('guest');
    await dialog('New member').getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('row', { name: new RegExp(username) })
      .getByText('Guest')
      .waitFor();
    await page.getByRole('button', { name: 'Edit Member' }).click();
    await dialog(`Role of ${username}`).getByLabel('Role').selectOption('task_runner');
    await dialog(`Role of ${username}`).getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('row', { name: new RegExp(username) })
      .getByText('Task Runner')
      .waitFor();
    const members = (await admin().get(`/api/project/${f.projectId}/users`)).body;
    assert.equal(members.find((m: any) => m.username === username).role, 'task_runner');
    await page.getByRole('button', { name: 'Delete Member' }).click();
    await dialog('Delete Member?').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('row', { name: new RegExp(username) }).waitFor({ state: 'detached' });

    guest = await ui.member(f.projectId, 'guest');
    await guest.goto(`/project/${f.projectId}/history`);
    await guest.getByRole('link', { name: 'Activity' }).waitFor();
    for (const tab of ['Team', 'Schedules'])
      assert.equal(await guest.getByRole('link', { name: tab, exact: true }).count(), 0, `no ${tab} tab for a guest`);
  });

  test('the activity log lists what was done', async () => {
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await page
      .getByRole('cell', { name: /Schedule/i })
      .first()
      .waitFor();
  });

  test('settings saved; the backup downloaded; a guest may download it but not change settings', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Renamed project');
    await page.getByLabel('Parallel tasks at most').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.locator('.project-name', { hasText: 'Renamed project' }).waitFor();
    const project = (await admin().get(`/api/project/${f.projectId}`)).body;
    assert.equal(project.name, 'Renamed project');
    assert.equal(project.max_parallel_tasks, 3);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download backup' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'Renamed-project-backup.json');
    const backup = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    assert.ok(
      backup.templates.some((t: any) => t.name === 'Tick'),
      'the backup has the template',
    );

    await guest.goto(`/project/${f.projectId}/settings`);
    await guest.getByRole('button', { name: 'Download backup' }).waitFor();
    assert.equal(await guest.getByRole('button', { name: 'Save' }).count(), 0);
    assert.equal(await guest.getByRole('button', { name: 'Delete the project' }).count(), 0);
  });

  test('an integration: made through the form, given an address that runs its template, a matcher and a value', async () => {
    await page.goto(`/project/${f.projectId}/integrations`);
    await page.getByRole('button', { name: 'New integration' }).click();
    await dialog('New integration').getByLabel('Name', { exact: true }).fill('Hook');
    await dialog('New integration').getByLabel('Template').selectOption({ label: 'Tick' });
    await dialog('New integration').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Hook' }).click();
    await page.getByRole('heading', { name: 'Hook' }).waitFor();
    await page.getByRole('button', { name: 'New address' }).click();
    const url = (await page.locator('li code').first().textContent()) ?? '';
    const path = new URL(url, ui.base).pathname;
    assert.match(path, /^\/api\/integrations\/\w+/);
    // The call's task arrives in the open history through /api/ws.
    const integrationPage = page.url();
    await page.getByRole('link', { name: 'History' }).click();
    // The history itself, not the page before, whose lists name the template too.
    await page.getByRole('heading', { name: 'History', exact: true }).waitFor();
    const ticks = page.getByRole('cell', { name: 'Tick', exact: true });
    await ticks.first().waitFor();
    const before = await ticks.count();
    const call = await fetch(`${ui.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.ok(call.ok, `${call.status}`);
    await ticks.nth(before).waitFor({ timeout: 60_000 });
    await page.goto(integrationPage);

    await page.getByRole('button', { name: 'New matcher' }).click();
    const matcher = dialog('New matcher');
    await matcher.getByLabel('Name', { exact: true }).fill('from ci');
    await matcher.getByLabel('Header name').fill('X-Source');
    await matcher.getByLabel('Value', { exact: true }).fill('ci');
    await matcher.getByRole('button', { name: 'Save' }).click();
    await page.getByText('from ci: header').waitFor();
    await page.getByRole('button', { name: 'New extracted value' }).click();
    const value = dialog('New extracted value');
    await value.getByLabel('Name', { exact: true }).fill('stage');
    await value.getByLabel('Header name').fill('X-Stage');
    await value.getByLabel('Variable').fill('stage');
    await value.getByRole('button', { name: 'Save' }).click();
    await page.getByText('stage: header').waitFor();
    const id = (await admin().get(`/api/project/${f.projectId}/integrations`)).body[0].id;
    const matchers = (await admin().get(`/api/project/${f.projectId}/integrations/${id}/matchers`)).body;
    assert.deepEqual(
      matchers.map((m: any) => [m.match_type, m.key, m.method, m.value]),
      [['header', 'X-Source', 'equals', 'ci']],
    );
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
