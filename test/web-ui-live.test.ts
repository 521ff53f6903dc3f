// The web UI in a real browser, where live data and time matter: a schedule that runs when its
// repository has a new commit (made through the form, its task appearing for the first commit
// and again for one pushed afterwards, edited, not offered to a guest); how long the first page
// takes on a cold load (printed, not asserted: speed is measured, not asserted in tests); and the
// layout shifts of the history and the task view while a task's lines and status arrive live
// (cumulative, from Chromium's `layout-shift` entries: below 0.1, Google's "good").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { axeViolations, SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

/** Starts collecting the page's layout shifts that follow no user input. */
const watchShifts = (page: Page) =>
  page.evaluate(() => {
    const w = window as any;
    if (!PerformanceObserver.supportedEntryTypes.includes('layout-shift'))
      throw new Error('no layout-shift entries here');
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) {
        if (e.hadRecentInput) continue;
        const what = (e.sources ?? []).map((s: any) => `${s.node?.nodeName ?? '?'}.${s.node?.className ?? ''}`);
        w.__shifts.push({ value: e.value, what });
      }
    }).observe({ type: 'layout-shift' });
  });

/** The cumulative layout shift since `watchShifts`, and what moved. */
const shifts = (page: Page) =>
  page.evaluate(() => {
    const all = (window as any).__shifts as Array<{ value: number; what: string[] }>;
    return { cls: all.reduce((sum, s) => sum + s.value, 0), moved: all.flatMap((s) => s.what) };
  });

describe('live data in a browser: commit-triggered schedules, the first page, layout shifts', {
  skip: browserSkip,
}, () => {
  const gates = workDir('web-ui-live-gates');
  // Prints a line, waits for the test to open its gate, then prints more lines a little apart.
  const live = (gate: string) =>
    `echo "first line"\nwhile [ ! -e ${gates}/${gate} ]; do sleep 0.1; done\nfor i in $(seq 1 40); do echo "live line $i"; sleep 0.05; done\n`;
  const repo = makeRepo({ 'build.sh': 'echo "version one"\n', 'live-a.sh': live('a'), 'live-b.sh': live('b') });
  let ui: WebUi;
  let f: ProjectFixture;
  let page: Page;
  let build = 0;
  const liveTemplates: Record<string, number> = {};
  const admin = () => ui.instance.api;

  before(async () => {
    ui = await startWebUi('web-ui-live');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
    build = await createTemplate(admin(), f, 'build.sh', { name: 'Build' });
    for (const gate of ['a', 'b'])
      liveTemplates[gate] = await createTemplate(admin(), f, `live-${gate}.sh`, { name: `Live ${gate}` });
  });
  after(async () => ui?.close());

  test('a schedule run by new commits: made through the form, a task per new commit, edited; a guest gets no form', async () => {
    await page.goto(`/project/${f.projectId}/schedule`);
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('dialog', { name: 'New schedule' });
    await form.getByLabel('Name', { exact: true }).fill('On commit');
    await form.getByLabel('Template').selectOption({ label: 'Build' });
    await form.getByLabel('Run when the repository has new commits').check();
    // The template's own repository is offered first.
    assert.equal(await form.getByLabel('Repository', { exact: true }).inputValue(), String(f.repositoryId));
    // The fastest check the API allows is every second; every 2 s spares the busy machine.
    await form.getByLabel('Cron expression').fill('@every 2s');
    await form.getByText('Every 2s').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'schedule-on-commit.png') });
    assert.deepEqual(await axeViolations(page), [], 'axe on the form with the repository');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'On new commits to repo (checked @every 2s)' }).waitFor();
    // The API lists commit checks under their template only (as upstream), the page lists them all.
    const [schedule] = (await admin().get(`/api/project/${f.projectId}/templates/${build}/schedules`)).body;
    assert.equal(schedule.repository_id, f.repositoryId);
    assert.equal(schedule.cron_format, '@every 2s');

    // The first check finds a commit not run yet: a task, live in the open history.
    await page.getByRole('link', { name: 'History' }).click();
    // The history itself, not the page before, whose lists name the template too.
    await page.getByRole('heading', { name: 'History', exact: true }).waitFor();
    const builds = page.getByRole('cell', { name: 'Build', exact: true });
    await builds.first().waitFor({ timeout: 120_000 });
    const tasksOfSchedule = async () =>
      ((await admin().get(`/api/project/${f.projectId}/tasks`)).body as any[])
        .filter((t) => t.schedule_id === schedule.id)
        .sort((a, b) => a.id - b.id);
    const [first] = await tasksOfSchedule();
    assert.equal((await admin().waitForTask(f.projectId, first.id)).status, 'success');

    // A commit pushed to the repository: the next check starts a task that runs it.
    const head = repo.commit({ 'build.sh': 'echo "version two"\n' }, 'second version');
    await builds.nth(1).waitFor({ timeout: 120_000 });
    const [, second] = await tasksOfSchedule();
    const ran = await admin().waitForTask(f.projectId, second.id);
    assert.equal(ran.status, 'success');
    assert.equal(ran.commit_hash, head, 'the task ran the new commit');
    assert.ok((await admin().output(f.projectId, second.id)).includes('version two'));
    assert.equal((await tasksOfSchedule()).length, 2, 'one task per new commit');

    // Edited: the form shows it as commit-triggered; checked hourly from now on, still by commit.
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('button', { name: 'Edit On commit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit On commit' });
    assert.equal(await edit.getByLabel('Run when the repository has new commits').isChecked(), true);
    assert.equal(await edit.getByLabel('Repository', { exact: true }).inputValue(), String(f.repositoryId));
    await edit.getByLabel('Cron expression').fill('@hourly');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'On new commits to repo (checked @hourly)' }).waitFor();
    const edited = (await admin().get(`/api/project/${f.projectId}/schedules/${schedule.id}`)).body;
    assert.deepEqual([edited.repository_id, edited.cron_format], [f.repositoryId, '@hourly']);

    // A guest sees the schedule for what it is, and no way to make or change one.
    const guest = await ui.member(f.projectId, 'guest');
    await guest.goto(`/project/${f.projectId}/schedule`);
    await guest.getByRole('cell', { name: 'On new commits to repo (checked @hourly)' }).waitFor();
    for (const name of ['New schedule', 'Edit On commit', 'Delete On commit'])
      assert.equal(await guest.getByRole('button', { name }).count(), 0, `no ${name} for a guest`);
    assert.equal(await guest.getByRole('checkbox', { name: 'On commit active' }).isDisabled(), true);

    // Back to a plain cron schedule: the repository goes.
    await page.getByRole('button', { name: 'Edit On commit' }).click();
    await edit.getByLabel('Run when the repository has new commits').uncheck();
    assert.equal(await edit.getByLabel('Repository', { exact: true }).count(), 0);
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '@hourly', exact: true }).waitFor();
    assert.equal((await admin().get(`/api/project/${f.projectId}/schedules/${schedule.id}`)).body.repository_id, null);
  });

  test('the first page on a cold load: Navigation Timing and the moment the projects are shown (printed)', async () => {
    // A new context: signed in (the same cookies), but nothing cached.
    const ctx = await ui.browser.newContext({ baseURL: ui.base, storageState: await page.context().storageState() });
    const cold = await ui.watched(ctx);
    await cold.addInitScript(() => {
      const w = window as any;
      const seen = new MutationObserver(() => {
        if (!document.querySelector('ul.list li a')) return;
        seen.disconnect();
        requestAnimationFrame(() => {
          w.__projectsShownAt = performance.now();
        });
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await cold.goto('/');
    await cold.locator('ul.list li a').first().waitFor();
    await cold.waitForFunction(() => (window as any).__projectsShownAt !== undefined);
    await cold.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as any)?.loadEventEnd > 0);
    const t = await cold.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        load: nav.loadEventEnd,
        shown: (window as any).__projectsShownAt as number,
        bytes: nav.transferSize,
      };
    });
    console.log(
      `[web-ui] first page, cold load on localhost: load event ends at ${t.load.toFixed(0)} ms, the projects shown at ${t.shown.toFixed(0)} ms`,
    );
    for (const ms of [t.load, t.shown]) assert.ok(Number.isFinite(ms) && ms > 0, `${ms}`);
    assert.ok(t.bytes > 0, 'the page came from the server, not a cache');
    await ctx.close();
  });

  test('no layout shift worth the name while a task runs and its lines and status arrive live', async () => {
    const run = async (gate: string) => {
      const res = await admin().post(`/api/project/${f.projectId}/tasks`, { template_id: liveTemplates[gate] });
      assert.equal(res.status, 201, res.text);
      return res.body.id as number;
    };
    const row = (id: number, status: string) => page.locator(`tr:has(a:text-is("#${id}")) [data-status="${status}"]`);

    // The history alone: a running task's status changes, and a new task arrives at the top.
    const a = await run('a');
    await page.goto(`/project/${f.projectId}/history`);
    await row(a, 'running').waitFor({ timeout: 60_000 });
    await watchShifts(page);
    writeFileSync(join(gates, 'a'), '');
    await row(a, 'success').waitFor({ timeout: 60_000 });
    const b = await run('b');
    await row(b, 'running').waitFor({ timeout: 60_000 });
    const history = await shifts(page);
    console.log(
      `[web-ui] history, a task finishing and another arriving: cumulative layout shift ${history.cls.toFixed(4)} (moved: ${[...new Set(history.moved)].join(', ') || 'nothing'})`,
    );
    assert.ok(history.cls < 0.1, `CLS ${history.cls}: ${history.moved.join(', ')}`);

    // The task view beside the history: lines, stages and status arrive while it is open.
    await page.goto(`/project/${f.projectId}/history?t=${b}`);
    const log = page.getByRole('log', { name: 'Task output' });
    await log.getByText('first line').waitFor({ timeout: 60_000 });
    await page.locator('.task [data-status="running"]').waitFor();
    await watchShifts(page);
    writeFileSync(join(gates, 'b'), '');
    await log.getByText('live line 40').waitFor({ timeout: 60_000 });
    await page.locator('.task [data-status="success"]').waitFor({ timeout: 60_000 });
    await row(b, 'success').waitFor();
    await page.locator('.stages li').first().waitFor();
    await page.locator('.stages li.running').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Re-run' }).waitFor();
    const task = await shifts(page);
    console.log(
      `[web-ui] task view, its lines, stages and status arriving: cumulative layout shift ${task.cls.toFixed(4)} (moved: ${[...new Set(task.moved)].join(', ') || 'nothing'})`,
    );
    assert.ok(task.cls < 0.1, `CLS ${task.cls}: ${task.moved.join(', ')}`);
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
