// The history's filters, the view editor, the Temporal link, extra variables in the run dialog and
// the task parameters of schedules and integrations, in a real browser against `signalman start`:
// what each role is offered, what reaches the task, and what survives a reload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { ApiClient } from './support/api-client.ts';
import { axeViolations } from './support/axe.ts';
import { browserSkip } from './support/browser.ts';
import { eventually } from './support/eventually.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

describe('filters, views, the Temporal link and task parameters in a browser', { skip: browserSkip }, () => {
  const repo = makeRepo({ 'show.sh': 'echo "args: $*"\n', 'fail.sh': 'echo failing\nexit 3\n' });
  let ui: WebUi;
  let f: ProjectFixture;
  let page: Page;
  let runner: ApiClient;
  let runnerName = '';
  const tasks: Record<string, number> = {};
  const admin = () => ui.instance.api;
  const p = () => `/project/${f.projectId}`;
  const a11y: string[] = [];
  const checkA11y = async (where: string) => a11y.push(...(await axeViolations(page)).map((v) => `${where}: ${v}`));

  /** The task ids the history shows, in order. */
  const shown = async (expected: number[]) =>
    eventually(
      async () => {
        const ids = (await page.locator('table.tasks tbody tr td:first-child').allTextContents()).map((t) =>
          Number(t.replace('#', '')),
        );
        assert.deepEqual(ids, expected);
        return true;
      },
      { what: `the history to show ${expected.join(', ')}`, timeout: 10_000 },
    );

  before(async () => {
    ui = await startWebUi('web-ui-views');
    page = ui.page;
    f = await createProjectWithRepo(admin(), repo.url);
    const alpha = await createTemplate(admin(), f, 'show.sh', {
      name: 'Alpha',
      allow_override_args_in_task: true,
      survey_vars: [
        { name: 'who', title: 'Who', type: '', required: false, description: '' },
        { name: 'token', title: 'Token', type: 'secret', required: false, description: '' },
      ],
    });
    const beta = await createTemplate(admin(), f, 'fail.sh', { name: 'Beta' });
    runnerName = `runner-${process.pid}`;
    const user = await admin().post('/api/users', {
      username: runnerName,
      name: 'Rita Runner',
      email: `${runnerName}@example.test`,
      password: `${runnerName}-pw`,
    });
    assert.equal(user.status, 201, user.text);
    const added = await admin().post(`/api${p()}/users`, { user_id: user.body.id, role: 'task_runner' });
    assert.equal(added.status, 204, added.text);
    runner = new ApiClient(ui.base);
    await runner.login(runnerName, `${runnerName}-pw`);
    tasks.deploy = await runTask(admin(), f.projectId, alpha, { message: 'deploy red' });
    tasks.routine = await runTask(runner, f.projectId, alpha, { message: 'routine' });
    tasks.broken = await runTask(admin(), f.projectId, beta, { message: 'broken' });
    for (const id of Object.values(tasks)) await admin().waitForTask(f.projectId, id);
  });
  after(async () => ui?.close());

  test('the filters narrow the history, are kept in the URL, survive a reload and a task opened', async () => {
    const { deploy, routine, broken } = tasks;
    await page.goto(`${p()}/history`);
    await shown([broken, routine, deploy]);
    const filters = page.locator('search.filters');
    await filters.getByLabel('Status').selectOption({ label: 'Failed' });
    await shown([broken]);
    assert.match(page.url(), /[?&]status=error\b/);
    await page.reload();
    await shown([broken]);
    assert.equal(await filters.getByLabel('Status').inputValue(), 'error', 'the filter is shown after a reload');
    await filters.getByLabel('Status').selectOption({ label: 'Any' });
    await filters.getByLabel('Template').selectOption({ label: 'Alpha' });
    await shown([routine, deploy]);
    await filters.getByLabel('User').selectOption({ label: 'Rita Runner' });
    await shown([routine]);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await shown([broken, routine, deploy]);
    await filters.getByLabel('Search').fill('deploy');
    await shown([deploy]);
    await checkA11y('history with filters');
    await page.getByRole('link', { name: `#${deploy}` }).click();
    await page.getByRole('heading', { name: `Task #${deploy}` }).waitFor();
    assert.match(page.url(), /[?&]q=deploy\b/, 'the filter stays while a task is open');
    await shown([deploy]);
    await page.getByRole('link', { name: 'Close the task' }).click();
    await page.waitForURL((u) => !u.searchParams.has('t') && u.searchParams.get('q') === 'deploy');
  });

  test('the Temporal link: the workflow of the task for an administrator, absent for a member', async () => {
    const id = tasks.deploy;
    const uiUrl = /Temporal Web UI:\s+(\S+)/.exec(ui.instance.proc.output)?.[1];
    assert.ok(uiUrl, 'start prints the Temporal Web UI');
    await page.goto(`${p()}/history?t=${id}`);
    const link = page.getByRole('link', { name: 'Workflow in Temporal' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.equal(href, `${uiUrl}/namespaces/default/workflows/task-${id}`);
    assert.equal((await fetch(href ?? '')).status, 200, 'the Temporal Web UI answers the link');

    const owner = await ui.member(f.projectId, 'owner');
    const info = owner.waitForResponse((r) => r.url().endsWith('/api/info'));
    await owner.goto(`${p()}/history?t=${id}`);
    const answer = await (await info).json();
    assert.equal(answer.temporal_ui_url, undefined, 'the address is not told to a member who is no administrator');
    await owner.getByRole('heading', { name: `Task #${id}` }).waitFor();
    await owner.getByRole('log', { name: 'Task output' }).getByText('args:').waitFor();
    assert.equal(await owner.getByRole('link', { name: 'Workflow in Temporal' }).count(), 0);
  });

  test('views: made, moved, renamed (a refusal beside the title) and deleted; a template under its tab', async () => {
    await page.goto(`${p()}/templates`);
    await page.getByRole('button', { name: 'Edit views' }).click();
    const editor = page.getByRole('region', { name: 'Views' });
    for (const title of ['Staging', 'Prod']) {
      await editor.getByLabel('New view').fill(title);
      await editor.getByRole('button', { name: 'Add view' }).click();
      await editor.getByLabel(`Title of ${title}`).waitFor();
    }
    const tabs = page.getByRole('navigation', { name: 'Views' });
    const tabTitles = (expected: string[]) =>
      eventually(
        async () => {
          assert.deepEqual(await tabs.getByRole('link').allTextContents(), expected);
          return true;
        },
        { what: `tabs ${expected.join(', ')}`, timeout: 10_000 },
      );
    await tabTitles(['All', 'Staging', 'Prod']);
    await editor.getByRole('button', { name: 'Move Prod up' }).click();
    await tabTitles(['All', 'Prod', 'Staging']);
    await editor.getByLabel('Title of Staging').fill('   ');
    await editor.getByRole('button', { name: 'Rename Staging' }).click();
    await editor.getByText('must not be empty').waitFor();
    assert.equal(await editor.getByLabel('Title of Staging').getAttribute('aria-invalid'), 'true');
    await editor.getByLabel('Title of Staging').fill('Stage');
    await editor.getByRole('button', { name: 'Rename Staging' }).click();
    await tabTitles(['All', 'Prod', 'Stage']);
    await checkA11y('templates with the view editor');
    await page.screenshot({ path: join(SCREENSHOTS, 'view-editor.png') });
    await page.reload();
    await tabTitles(['All', 'Prod', 'Stage']);

    await page.getByRole('link', { name: 'Edit Alpha' }).click();
    await page.getByLabel('View', { exact: true }).selectOption({ label: 'Stage' });
    await page.getByRole('button', { name: 'Save' }).click();
    await tabs.getByRole('link', { name: 'Stage' }).click();
    await page.getByRole('cell', { name: 'Alpha', exact: true }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Beta', exact: true }).count(), 0, 'Beta is in no view');

    await page.getByRole('button', { name: 'Edit views' }).click();
    await editor.getByRole('button', { name: 'Delete Prod' }).click();
    await page.getByRole('dialog', { name: 'Delete Prod?' }).getByRole('button', { name: 'Delete' }).click();
    await tabTitles(['All', 'Stage']);
    const views = (await admin().get(`/api${p()}/views`)).body as Array<{ title: string }>;
    assert.deepEqual(
      views.map((v) => v.title),
      ['Stage'],
    );
  });

  test('a guest and a task runner get no view editor', async () => {
    for (const role of ['guest', 'task_runner'] as const) {
      const member = await ui.member(f.projectId, role);
      // The controls follow the role's permission bits: the answer must have come before "absent" means anything.
      const roleAnswer = member.waitForResponse((r) => r.url().endsWith(`/api${p()}/role`));
      await member.goto(`${p()}/templates`);
      assert.equal((await (await roleAnswer).json()).role, role);
      await member.getByRole('cell', { name: 'Beta', exact: true }).waitFor();
      await member.getByRole('navigation', { name: 'Views' }).waitFor();
      assert.equal(await member.getByRole('button', { name: 'Edit views' }).count(), 0, `${role}: no Edit views`);
      assert.equal(await member.getByRole('link', { name: 'New template' }).count(), 0, `${role}: no New template`);
    }
  });

  test('extra variables: refused ones beside the field and no task; accepted ones reach the task; not offered to a task runner', async () => {
    await page.goto(`${p()}/templates`);
    await page.getByRole('button', { name: 'Run Alpha' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run Alpha' });
    const extra = dialog.getByLabel('Extra variables');
    const extraError = dialog.locator('.field:has(> label:text-is("Extra variables")) .field-error');
    const count = async () => ((await admin().get(`/api${p()}/tasks`)).body as unknown[]).length;
    const before = await count();
    await extra.fill('{not json');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await extraError.getByText('must be a JSON object').waitFor();
    await extra.fill('{"LD_PRELOAD": "/tmp/evil.so"}');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await extraError.getByText(/LD_PRELOAD/).waitFor();
    assert.equal(await extra.getAttribute('aria-invalid'), 'true');
    assert.equal(await count(), before, 'no task was made');
    await extra.fill('{"region": "eu-west", "replicas": 3}');
    await dialog.getByLabel('Who').fill('Alice');
    await checkA11y('run dialog with extra variables');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/history\?t=\d+$/);
    await page.locator('.task [data-status="success"]').waitFor({ timeout: 90_000 });
    const line = page.getByRole('log', { name: 'Task output' }).locator('.log-line', { hasText: /^args: / });
    const args = (await line.textContent()) ?? '';
    for (const part of ['region=eu-west', 'replicas=3', 'who=Alice'])
      assert.ok(args.includes(part), `${part} in "${args}"`);

    const taskRunner = await ui.member(f.projectId, 'task_runner');
    await taskRunner.goto(`${p()}/templates`);
    await taskRunner.getByRole('button', { name: 'Run Alpha' }).click();
    const theirs = taskRunner.getByRole('dialog', { name: 'Run Alpha' });
    await theirs.getByLabel('Who').waitFor();
    assert.equal(await theirs.getByLabel('Extra variables').count(), 0, 'a task runner is not offered extra variables');
  });

  test("a schedule's task parameters: saved, shown again, without secrets, and given to the task it starts", async () => {
    await page.goto(`${p()}/schedule`);
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('dialog', { name: 'New schedule' });
    await form.getByLabel('Name', { exact: true }).fill('Nightly');
    await form.getByLabel('Template').selectOption({ label: 'Alpha' });
    await form.getByLabel('Cron expression').fill('* * * * *');
    const params = form.getByRole('group', { name: 'Task parameters' });
    await params.getByLabel('Message').fill('from the schedule');
    await params.getByLabel('Arguments').fill('--fast');
    await params.getByLabel('Who').fill('Bob');
    await params.getByLabel('Extra variables').fill('{"region": "us"}');
    assert.equal(await params.getByLabel('Token').count(), 0, 'a secret survey variable is not stored');
    await params.getByText('Secret survey variables are not stored').waitFor();
    await checkA11y('schedule form with task parameters');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Nightly', exact: true }).waitFor();
    const [saved] = (await admin().get(`/api${p()}/schedules`)).body;
    assert.equal(saved.task_params.message, 'from the schedule');
    assert.equal(saved.task_params.arguments, '["--fast"]');
    assert.deepEqual(JSON.parse(saved.task_params.environment), { region: 'us', who: 'Bob' });

    await page.getByRole('button', { name: 'Edit Nightly' }).click();
    const again = page.getByRole('dialog', { name: 'Edit Nightly' }).getByRole('group', { name: 'Task parameters' });
    assert.equal(await again.getByLabel('Message').inputValue(), 'from the schedule');
    assert.equal(await again.getByLabel('Arguments').inputValue(), '--fast');
    assert.equal(await again.getByLabel('Who').inputValue(), 'Bob');
    assert.deepEqual(JSON.parse(await again.getByLabel('Extra variables').inputValue()), { region: 'us' });
    await page.getByRole('dialog', { name: 'Edit Nightly' }).getByRole('button', { name: 'Cancel' }).click();

    const fired = await eventually(
      async () => {
        const all = (await admin().get(`/api${p()}/tasks`)).body as Array<{ id: number; schedule_id: number | null }>;
        const task = all.find((t) => t.schedule_id === saved.id);
        assert.ok(task, 'no task from the schedule yet');
        return task.id;
      },
      { what: 'the schedule to start a task', timeout: 150_000, interval: 1000 },
    );
    await admin().put(`/api${p()}/schedules/${saved.id}/active`, { active: false });
    await admin().waitForTask(f.projectId, fired);
    await page.goto(`${p()}/history?t=${fired}`);
    const line = page.getByRole('log', { name: 'Task output' }).locator('.log-line', { hasText: /^args: / });
    const args = (await line.textContent()) ?? '';
    for (const part of ['region=us', 'who=Bob', '--fast']) assert.ok(args.includes(part), `${part} in "${args}"`);
    await page.getByText('from the schedule').first().waitFor();
  });

  test("an integration's task parameters: saved and shown again", async () => {
    await page.goto(`${p()}/integrations`);
    await page.getByRole('button', { name: 'New integration' }).click();
    const form = page.getByRole('dialog', { name: 'New integration' });
    await form.getByLabel('Name', { exact: true }).fill('Hook');
    await form.getByLabel('Template').selectOption({ label: 'Alpha' });
    await form.getByRole('group', { name: 'Task parameters' }).getByLabel('Arguments').fill('--hooked');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Hook' }).waitFor();
    const [saved] = (await admin().get(`/api${p()}/integrations`)).body;
    assert.equal(saved.task_params.arguments, '["--hooked"]');
    await page.getByRole('button', { name: 'Edit Hook' }).click();
    const again = page.getByRole('dialog', { name: 'Edit Hook' }).getByRole('group', { name: 'Task parameters' });
    assert.equal(await again.getByLabel('Arguments').inputValue(), '--hooked');
  });

  test('no serious or critical axe violation on the changed pages, no console error or policy violation', () => {
    assert.deepEqual(a11y, []);
    assert.deepEqual(ui.problems, []);
  });
});
