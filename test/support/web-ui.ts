// What the web UI's browser tests share: a real `signalman start`, Debian's chromium, the admin
// signed in through the sign-in page, users of other roles, and pages whose console errors (a
// Content-Security-Policy violation among them) are collected for a final check.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from '../../web/node_modules/playwright-core/index.js';
import { launchChromium } from './browser.ts';
import { workDir } from './env.ts';
import { startEmbedded, type EmbeddedInstance } from './processes.ts';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-data/screenshots');

export interface WebUi {
  instance: EmbeddedInstance;
  base: string;
  browser: Browser;
  /** The admin's page, signed in. */
  page: Page;
  problems: string[];
  /** A new page in `ctx`, watched for console errors. */
  watched(ctx: BrowserContext): Promise<Page>;
  /** A member of `projectId` with `role`, signed in in a context of their own. */
  member(projectId: number, role: 'owner' | 'manager' | 'task_runner' | 'guest'): Promise<Page>;
  close(): Promise<void>;
}

let users = 0;

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/auth/login');
  await page.getByLabel('Username or e-mail').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor();
}

export async function startWebUi(name: string, env: Record<string, string> = {}): Promise<WebUi> {
  const instance = await startEmbedded(workDir(name), env);
  const base = `http://localhost:${instance.port}`;
  const password = /password: (\S+)/.exec(instance.proc.output)?.[1] ?? '';
  await instance.api.login('admin', password);
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  const watched = async (ctx: BrowserContext) => {
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error' && !/\(Unauthorized\)|Failed to load resource/.test(m.text())) problems.push(m.text());
    });
    p.on('pageerror', (e) => problems.push(String(e)));
    return p;
  };
  const context = await browser.newContext({ baseURL: base });
  contexts.push(context);
  const page = await watched(context);
  await signIn(page, 'admin', password);
  return {
    instance,
    base,
    browser,
    page,
    problems,
    watched,
    async member(projectId, role) {
      const username = `${role}-${process.pid}-${++users}`;
      const user = await instance.api.post('/api/users', {
        username,
        name: username,
        email: `${username}@example.test`,
        password: `${username}-password`,
      });
      assert.equal(user.status, 201, user.text);
      const added = await instance.api.post(`/api/project/${projectId}/users`, { user_id: user.body.id, role });
      assert.equal(added.status, 204, added.text);
      const ctx = await browser.newContext({ baseURL: base });
      contexts.push(ctx);
      const p = await watched(ctx);
      await signIn(p, username, `${username}-password`);
      return p;
    },
    async close() {
      await browser.close();
      await instance.proc.stop('SIGKILL');
    },
  };
}

export { axeViolations } from './axe.ts';
