// The web UI (web/) in a real browser against a real `signalman start`: served at / under a strict
// Content-Security-Policy, sign-in, a new project, a bash task run from the templates page whose
// lines arrive live and whose status turns to Success, what a guest is not offered, a 200,000-line
// log, and the size of the JavaScript of the first load.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '../web/node_modules/playwright-core/index.js';
import { browserSkip, launchChromium } from './support/browser.ts';
import { workDir } from './support/env.ts';
import { createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { startEmbedded, type EmbeddedInstance } from './support/processes.ts';

const WEB_BUILD = process.env.SIGNALMAN_WEB_UI_DIR || resolve(import.meta.dirname, '../.tools/build/web');
const SCREENSHOTS = resolve(import.meta.dirname, '../.test-data/screenshots');

describe('the web UI in a browser', { skip: browserSkip }, () => {
  const gate = workDir('web-ui-gate');
  const repo = makeRepo({
    // Prints a line, waits for the test to open the gate, prints another: the second can only
    // reach an open page live.
    'gated.sh': `echo "first line from the task"\nwhile [ ! -e ${gate}/open ]; do sleep 0.1; done\necho "second line, after the gate"\n`,
    'many.sh': 'seq 1 200000\n',
  });
  let instance: EmbeddedInstance;
  let base = '';
  let password = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const admin = () => instance.api;
  const policyProblems: string[] = [];
  let projectId = 0;

  before(async () => {
    instance = await startEmbedded(workDir('web-ui'));
    base = `http://localhost:${instance.port}`;
    password = /password: (\S+)/.exec(instance.proc.output)?.[1] ?? '';
    await admin().login('admin', password);
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: base });
    page = await watched(context);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await instance?.proc.stop('SIGKILL');
  });

  /** A page whose console errors (a policy violation among them) and uncaught errors are collected. */
  async function watched(ctx: BrowserContext): Promise<Page> {
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error' && !/401 \(Unauthorized\)|Failed to load resource/.test(m.text()))
        policyProblems.push(m.text());
    });
    p.on('pageerror', (e) => policyProblems.push(String(e)));
    return p;
  }

  /** The objects a template needs in project `id`, created through the API as the admin. */
  async function projectObjects(id: number): Promise<ProjectFixture> {
    const keys = await admin().get(`/api/project/${id}/keys`);
    const keyId = keys.body.find((k: any) => k.name === 'None').id;
    const repository = { name: 'repo', git_url: repo.url, git_branch: 'main', ssh_key_id: keyId };
    assert.equal((await admin().post(`/api/project/${id}/repositories`, repository)).status, 204);
    const repositoryId = (await admin().get(`/api/project/${id}/repositories`)).body[0].id;
    const inventory = await admin().post(`/api/project/${id}/inventory`, {
      name: 'local',
      inventory: 'localhost',
      type: 'static',
    });
    assert.equal(inventory.status, 201, inventory.text);
    assert.equal(
      (await admin().post(`/api/project/${id}/environment`, { name: 'vars', json: '{}', env: '{}' })).status,
      204,
    );
    const environmentId = (await admin().get(`/api/project/${id}/environment`)).body[0].id;
    return { projectId: id, keyId, repositoryId, inventoryId: inventory.body.id, environmentId };
  }

  test('the server answers the UI at /, index.html for pages, JSON 404s under /api', async () => {
    const home = await fetch(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /text\/html/);
    const csp = home.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await home.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in index.html');
    const deep = await fetch(`${base}/project/12345/history?t=6`);
    assert.equal(deep.status, 200);
    assert.equal(await deep.text(), html, 'a page path answers index.html');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const asset = await fetch(`${base}${script}`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    assert.equal((await fetch(`${base}/assets/missing-file.js`)).status, 404, 'a missing asset is not index.html');
    for (const path of ['/api/no-such-thing', '/api', '/api/project/1/no-such-thing']) {
      const res = await fetch(`${base}${path}`);
      assert.notEqual(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/, `${path} stays the API's`);
      assert.equal(typeof (await res.json()).error, 'string', path);
    }
    const post = await fetch(`${base}/project/1/history`, { method: 'POST' });
    assert.equal(post.status, 404, 'only reads are answered with the page');
  });

  test('sign-in: a wrong password is shown as an error, the right one opens the projects', async () => {
    await page.goto('/project/1/history');
    await page.waitForURL(/\/auth\/login\?next=/);
    await page.getByLabel('Username or e-mail').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /password|login|credentials/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });
    await page.goto('/auth/login');
    await page.getByLabel('Username or e-mail').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    assert.equal(await page.title(), 'Projects · Signalman');
  });

  test('a new project through the form', async () => {
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name').fill('Browser project');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/project\/(\d+)\/history$/);
    projectId = Number(/\/project\/(\d+)\//.exec(page.url())![1]);
    await page.getByText('No tasks yet.').waitFor();
    const listed = await admin().get('/api/projects');
    assert.ok(listed.body.some((p: any) => p.id === projectId && p.name === 'Browser project'));
  });

  test('a bash task run from the templates page: its lines arrive live and its status turns to Success', async () => {
    // Key, repository, inventory, environment and template: through the API until their forms exist.
    const fixture = await projectObjects(projectId);
    await createTemplate(admin(), fixture, 'gated.sh', { name: 'Gated script' });

    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('button', { name: 'Run Gated script' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run Gated script' });
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/project\/\d+\/history\?t=\d+$/);
    const taskId = Number(new URL(page.url()).searchParams.get('t'));
    const log = page.getByRole('log', { name: 'Task output' });
    await log.getByText('first line from the task').waitFor({ timeout: 60_000 });
    const badge = page.locator('.task [data-status]');
    assert.equal(await badge.getAttribute('data-status'), 'running');
    await page.screenshot({ path: join(SCREENSHOTS, 'task-running.png') });

    writeFileSync(join(gate, 'open'), '');
    await log.getByText('second line, after the gate').waitFor({ timeout: 60_000 });
    await page.locator('.task [data-status="success"]').waitFor({ timeout: 60_000 });
    assert.equal(await badge.textContent(), 'Success');
    await page.locator(`tr:has(a:text-is("#${taskId}")) [data-status="success"]`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'task-success.png') });

    // The same task opened by its link (as alerts send it) shows the stored lines.
    const fresh = await watched(context);
    await fresh.goto(`/project/${projectId}/history?t=${taskId}`);
    const stored = fresh.getByRole('log', { name: 'Task output' });
    await stored.getByText('second line, after the gate').waitFor();
    assert.equal(await stored.getByText('first line from the task').count(), 1, 'no line twice');
    await fresh.close();
  });

  test('a guest is offered neither the run nor the stop button', async () => {
    const username = `guest-${process.pid}`;
    const guestPassword = `${username}-password`;
    const user = await admin().post('/api/users', {
      username,
      name: 'Guest',
      email: `${username}@example.test`,
      password: guestPassword,
    });
    assert.equal(user.status, 201, user.text);
    assert.equal(
      (await admin().post(`/api/project/${projectId}/users`, { user_id: user.body.id, role: 'guest' })).status,
      204,
    );
    const guestContext = await browser.newContext({ baseURL: base });
    const guest = await watched(guestContext);
    await guest.goto('/auth/login');
    await guest.getByLabel('Username or e-mail').fill(username);
    await guest.getByLabel('Password').fill(guestPassword);
    await guest.getByRole('button', { name: 'Sign in' }).click();
    await guest.getByRole('heading', { name: 'Projects' }).waitFor();
    assert.equal(await guest.getByRole('link', { name: 'New project' }).count(), 0);
    await guest.goto(`/project/${projectId}/templates`);
    await guest.getByRole('cell', { name: 'Gated script' }).waitFor();
    assert.equal(await guest.getByRole('button', { name: /^Run/ }).count(), 0, 'no Run button for a guest');
    await guestContext.close();
  });

  test('a finished 200,000-line log opens at its end', async () => {
    const templates = await admin().get(`/api/project/${projectId}/templates`);
    const t = templates.body[0];
    const many = await admin().post(`/api/project/${projectId}/templates`, {
      name: 'Many lines',
      app: 'bash',
      playbook: 'many.sh',
      repository_id: t.repository_id,
      inventory_id: t.inventory_id,
      environment_id: t.environment_id,
    });
    assert.equal(many.status, 201, many.text);
    const run = await admin().post(`/api/project/${projectId}/tasks`, { template_id: many.body.id });
    assert.equal(run.status, 201, run.text);
    // Following a live log is shown above with a few lines; here the stored ones: a page that
    // opens a finished 200,000-line task loads them all and shows the end, drawing only what is on screen.
    assert.equal((await admin().waitForTask(projectId, run.body.id, undefined, 180_000)).status, 'success');
    const started = Date.now();
    await page.goto(`/project/${projectId}/history?t=${run.body.id}`);
    const log = page.getByRole('log', { name: 'Task output' });
    await log.locator('.log-line', { hasText: /^200000$/ }).waitFor({ timeout: 120_000 });
    await log.locator('.log-line', { hasText: /^199999$/ }).waitFor();
    console.log(
      `[web-ui] 200,000 lines: the last one shown ${((Date.now() - started) / 1000).toFixed(1)} s after opening the page (${await page.locator('.log-info').textContent()})`,
    );
    const rendered = await log.locator('.log-line').count();
    assert.ok(rendered < 500, `only the lines on screen are in the page (${rendered})`);
    await page.screenshot({ path: join(SCREENSHOTS, 'long-log.png') });
  });

  test('the JavaScript of the first load, gzipped, is under 300 kB; no policy violation or error on any page', () => {
    const html = readFileSync(join(WEB_BUILD, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0, html);
    const bytes = scripts.reduce((sum, s) => sum + gzipSync(readFileSync(join(WEB_BUILD, s))).length, 0);
    console.log(`[web-ui] first-load JavaScript: ${scripts.length} file(s), ${(bytes / 1024).toFixed(1)} kB gzipped`);
    assert.ok(bytes < 300 * 1024, `${bytes} bytes gzipped`);
    assert.deepEqual(policyProblems, []);
  });
});
