// The task view in a real browser: stages, confirm and reject of an OpenTofu plan (the real tofu
// that setup builds; where it could not be built, the tests' STAND-IN terraform of
// test/support/stand-ins.ts, saying so), re-run, stop then force stop, search in a long log and
// the download of its text; a guest sees the same task with none of the buttons.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip } from './support/browser.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { installStandIns } from './support/stand-ins.ts';
import { tofuSkip } from './support/tofu.ts';
import { SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

describe('the task view in a browser', { skip: browserSkip }, () => {
  const repo = makeRepo({
    'infra/main.tf': 'resource "terraform_data" "x" {}\n',
    'lines.sh':
      'for i in $(seq 1 5000); do echo "line $i"; done\necho "the needle is here"\nseq 5002 6000 | sed "s/^/line /"\n',
    // Ignores the polite stop, so the task stays `stopping` until it is forced.
    'stubborn.sh': "trap 'echo told to stop' TERM\necho started\nwhile true; do sleep 0.2; done\n",
  });
  let ui: WebUi;
  let f: ProjectFixture;
  let page: Page;
  const admin = () => ui.instance.api;
  const badge = (p: Page) => p.locator('.task .bar [data-status]');
  const openTask = async (p: Page, taskId: number) => {
    await p.goto(`/project/${f.projectId}/history?t=${taskId}`);
    await p.getByRole('heading', { name: `Task #${taskId}` }).waitFor();
  };
  let planTemplate = 0;

  before(async () => {
    if (tofuSkip) {
      console.log(`[web-ui-task] plans run through the STAND-IN terraform: ${tofuSkip}`);
      installStandIns(); // on PATH before the server starts: its tasks find this terraform
    }
    ui = await startWebUi('web-ui-task');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
    const tpl = await admin().post(`/api/project/${f.projectId}/templates`, {
      name: 'Infra',
      app: tofuSkip ? 'terraform' : 'tofu',
      playbook: 'infra',
      repository_id: f.repositoryId,
    });
    assert.equal(tpl.status, 201, tpl.text);
    planTemplate = tpl.body.id;
  });
  after(async () => ui?.close());

  test('a plan waits for confirmation: its stages show, Confirm applies it; a guest sees no buttons', async () => {
    await page.goto(`/project/${f.projectId}/templates`);
    await page.getByRole('button', { name: 'Run Infra' }).click();
    await page.getByRole('dialog', { name: 'Run Infra' }).getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\?t=\d+$/);
    const taskId = Number(new URL(page.url()).searchParams.get('t'));
    const confirm = page.getByRole('region', { name: 'Plan confirmation' });
    await confirm.getByText('The plan waits for confirmation.').waitFor({ timeout: 90_000 });
    await page.getByRole('list', { name: 'Stages' }).getByText(/^Plan/).waitFor();
    await page.getByRole('log', { name: 'Task output' }).getByText('Plan: 1 to add').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-confirmation.png') });

    const guest = await ui.member(f.projectId, 'guest');
    await openTask(guest, taskId);
    await guest.getByRole('region', { name: 'Plan confirmation' }).waitFor();
    for (const name of ['Confirm', 'Reject', 'Stop', 'Force stop', 'Re-run'])
      assert.equal(await guest.getByRole('button', { name, exact: true }).count(), 0, `no ${name} for a guest`);
    await guest.getByRole('log', { name: 'Task output' }).getByText('Plan: 1 to add').waitFor();

    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.task .bar [data-status="success"]').waitFor({ timeout: 90_000 });
    await page.getByRole('log', { name: 'Task output' }).getByText('Apply complete!').waitFor();
    await page
      .getByRole('list', { name: 'Stages' })
      .getByText(/^Apply/)
      .first()
      .waitFor();
    assert.equal(await confirm.count(), 0, 'nothing waits any more');
    await guest.locator('.task .bar [data-status="success"]').waitFor();
  });

  test('Reject ends a waiting plan without applying it', async () => {
    const taskId = await runTask(admin(), f.projectId, planTemplate);
    await openTask(page, taskId);
    await page.getByRole('button', { name: 'Reject' }).click({ timeout: 90_000 });
    await page.locator('.task .bar [data-status="rejected"], .task .bar [data-status="error"]').waitFor();
    const output = await admin().get(`/api/project/${f.projectId}/tasks/${taskId}/output`);
    assert.ok(!output.text.includes('Apply complete'), 'no apply after a rejection');
  });

  test('search finds a line far down a long log and shows it; Download gives the whole text; Re-run runs it again', async () => {
    const tpl = await createTemplate(admin(), f, 'lines.sh', { name: 'Lines' });
    const taskId = await runTask(admin(), f.projectId, tpl, { message: 'first run' });
    assert.equal((await admin().waitForTask(f.projectId, taskId)).status, 'success');
    await openTask(page, taskId);
    const log = page.getByRole('log', { name: 'Task output' });
    await log.getByText('line 6000', { exact: true }).waitFor();
    // Loaded, not loading: the whole log counted (a reload shows "0 lines" for a moment).
    await page.locator('.log-info', { hasText: /^(?:[6-9],\d{3}|\d{2,3},\d{3}) lines$/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('NEEDLE');
    const hit = log.locator('.log-line[aria-current="true"]');
    // The log may still be reloaded once as the live socket opens (live.ts), which forgets the
    // found line: as a person would, search again until it shows (at most a few times).
    for (let attempt = 1; ; attempt++) {
      await page.getByRole('searchbox', { name: 'Search the log' }).press('Enter');
      const shown = await hit.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      assert.ok(attempt < 3, 'the found line was never shown after three searches');
    }
    assert.equal(await hit.textContent(), 'the needle is here');
    await page.getByText(/^Line [\d,]+ \(1 match\)$/).waitFor();
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('no such text anywhere');
    await page.getByRole('button', { name: 'Next match' }).click();
    await page.getByText('No match', { exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'log-search.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `task-${taskId}.log`);
    const text = readFileSync((await download.path())!, 'utf8');
    const stored = (await admin().get(`/api/project/${f.projectId}/tasks/${taskId}/output?limit=100000`)).body;
    assert.equal(text, `${stored.map((l: any) => l.output).join('\n')}\n`);
    assert.ok(text.includes('the needle is here\nline 5002\n'));

    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.waitForURL((url) => Number(url.searchParams.get('t')) > taskId);
    const again = Number(new URL(page.url()).searchParams.get('t'));
    await page.locator('.task .bar [data-status="success"]').waitFor({ timeout: 90_000 });
    const task = (await admin().get(`/api/project/${f.projectId}/tasks/${again}`)).body;
    assert.equal(task.template_id, tpl);
    assert.equal(task.message, 'first run');
  });

  test('Stop asks politely; a task that ignores it is offered Force stop, which ends it', async () => {
    const tpl = await createTemplate(admin(), f, 'stubborn.sh', { name: 'Stubborn' });
    const taskId = await runTask(admin(), f.projectId, tpl);
    await openTask(page, taskId);
    await page
      .getByRole('log', { name: 'Task output' })
      .getByText('started', { exact: true })
      .waitFor({ timeout: 90_000 });
    assert.equal(await page.getByRole('button', { name: 'Force stop' }).count(), 0, 'no Force stop before Stop');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.locator('.task .bar [data-status="stopping"]').waitFor();
    await page.getByRole('button', { name: 'Force stop' }).click();
    await page.locator('.task .bar [data-status="stopped"]').waitFor({ timeout: 60_000 });
    assert.equal((await admin().get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'stopped');
    await badge(page).waitFor();
  });

  test('no console error or policy violation', () => assert.deepEqual(ui.problems, []));
});
