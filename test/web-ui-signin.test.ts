// Signing in through the web UI in a real browser, against a real `signalman start` with an OpenID
// provider (the `oidc-provider` package in its own process, test/support/oidc-provider.mjs) and
// TOTP on: a button per provider and a whole sign-in through the provider's own pages; the reason
// a provider's sign-in failed, shown as text; the password form absent where the server disabled
// it; the TOTP step (a wrong code refused beside the field, the right code or the recovery code
// signing in); the account page's authenticator set up and turned off, and its API tokens (a new
// one works as a Bearer token until it is expired); a project restored from a backup file that
// the page downloaded, a bad file refused, and no restore offered to a user who may not create
// projects; and axe-core on each new page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Page } from '../web/node_modules/playwright-core/index.js';
import { ApiClient } from './support/api-client.ts';
import { browserSkip } from './support/browser.ts';
import { workDir } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { type OidcPeer, startOidcPeer } from './support/oidc-peer.ts';
import { freePort } from './support/ports.ts';
import { axeViolations, SCREENSHOTS, startWebUi, type WebUi } from './support/web-ui.ts';

const SECRET = 'web-ui-client-secret-9c2e';
const PASSWORD = 'a long enough password';

describe('signing in and one’s own account in the web UI', { skip: browserSkip }, () => {
  let ui: WebUi;
  let peer: OidcPeer;
  let noPassword: InProcessStack;
  const a11y: string[] = [];
  const admin = () => ui.instance.api;
  const code = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) });

  before(async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    peer = await startOidcPeer(
      [{ client_id: 'signalman', client_secret: SECRET, redirect_uris: [`${base}/api/auth/oidc/corp/redirect`] }],
      {
        alice: { email: 'alice@example.test', email_verified: true, preferred_username: 'alice', name: 'Alice A.' },
        unverified: { email: 'unverified@example.test', email_verified: false, preferred_username: 'unverified' },
      },
    );
    const corp = { client_id: 'signalman', client_secret: SECRET, provider_url: peer.issuer, display_name: 'Corp SSO' };
    const providers = { corp: { ...corp, color: 'teal', order: 1 } };
    ui = await startWebUi('web-ui-signin', {
      SIGNALMAN_PORT: String(port),
      SEMAPHORE_OIDC_PROVIDERS: JSON.stringify(providers),
      SEMAPHORE_TOTP_ENABLED: 'true',
      SEMAPHORE_TOTP_ALLOW_RECOVERY: 'true',
    });
    // A second server, in this process, whose password sign-in is disabled once its admin is in
    // (as SEMAPHORE_PASSWORD_LOGIN_DISABLED does; only its sign-in page is looked at).
    noPassword = await startInProcess('sqlite', { SEMAPHORE_OIDC_PROVIDERS: JSON.stringify(providers) });
    noPassword.config.settings.password_login_disable = true;
  });
  after(async () => {
    await ui?.close();
    await noPassword?.close();
    await peer?.stop();
  });

  /** A page of its own (no session, no provider session). */
  const freshPage = async () => ui.watched(await ui.browser.newContext({ baseURL: ui.base }));

  /** From the sign-in page through the provider's own login and consent pages, as a person would. */
  async function throughProvider(page: Page, account: string) {
    await page.goto('/auth/login');
    await page.getByRole('link', { name: 'Sign in with Corp SSO' }).click();
    await page.waitForURL((url) => url.origin === peer.issuer);
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  /** A local user with a password, made by the admin. */
  async function addUser(name: string): Promise<number> {
    const res = await admin().post('/api/users', {
      username: name,
      name,
      email: `${name}@example.test`,
      password: PASSWORD,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id;
  }

  test('a button per provider; a whole sign-in through the provider ends signed in on the page', async () => {
    const page = await freshPage();
    await page.goto('/auth/login?next=%2Fproject%2Fnew');
    const button = page.getByRole('link', { name: 'Sign in with Corp SSO' });
    assert.equal(await button.getAttribute('href'), '/api/auth/oidc/corp/login?redirect=%2Fproject%2Fnew');
    await page.goto('/auth/login?next=%2F%2Fevil.example%2Fx');
    assert.equal(
      await button.getAttribute('href'),
      '/api/auth/oidc/corp/login?redirect=%2F',
      'only a path of this site',
    );
    await page.getByLabel('Password').waitFor();
    for (const v of await axeViolations(page)) a11y.push(`/auth/login: ${v}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });

    await throughProvider(page, 'alice');
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    assert.equal(new URL(page.url()).origin, ui.base);
    await page.getByRole('link', { name: 'alice' }).click();
    await page.getByText('Signed in as alice (alice@example.test).').waitFor();
  });

  test('a failed sign-in through the provider comes back saying why, as text', async () => {
    const page = await freshPage();
    await throughProvider(page, 'unverified');
    await page.waitForURL((url) => url.pathname === '/auth/login');
    await page
      .getByRole('alert')
      .filter({ hasText: /Sign-in through the identity provider failed: .*not verified/ })
      .waitFor();
    assert.equal(
      (await admin().get('/api/users')).body.some((u: any) => u.username === 'unverified'),
      false,
    );

    await page.goto(`/auth/login?error=${encodeURIComponent('<img src=x id=injected> bad')}`);
    await page.getByText('Sign-in through the identity provider failed: <img src=x id=injected> bad').waitFor();
    assert.equal(await page.locator('#injected').count(), 0, 'the reason is never HTML');
  });

  test('where password sign-in is disabled, the page offers the provider and no password form', async () => {
    const page = await freshPage();
    await page.goto(`${noPassword.base}/auth/login`);
    await page.getByRole('link', { name: 'Sign in with Corp SSO' }).waitFor();
    assert.equal(await page.getByLabel('Password').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 0);
    assert.equal(await page.getByLabel('Username or e-mail').count(), 0);
  });

  test('TOTP: a wrong code is refused beside the field, the right one signs in; so does the recovery code', async () => {
    const id = await addUser('tina');
    const api = new ApiClient(ui.base);
    await api.login('tina', PASSWORD);
    const enrolled = await api.post(`/api/users/${id}/2fas/totp`);
    assert.equal(enrolled.status, 200, enrolled.text);
    const secret = new URL(enrolled.body.url).searchParams.get('secret') ?? '';

    const page = await freshPage();
    await page.goto('/auth/login?next=%2Faccount');
    await page.getByLabel('Username or e-mail').fill('tina');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const field = page.getByLabel('Authentication code');
    await field.waitFor();
    for (const v of await axeViolations(page)) a11y.push(`TOTP step: ${v}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-totp.png') });
    const right = await code(secret);
    await field.fill(right === '123456' ? '654321' : '123456');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is wrong or was used already' }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/auth/login');
    await field.waitFor(); // still not signed in: the page asks again
    await field.fill(await code(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    await page.getByRole('link', { name: 'tina' }).click();
    await page.getByText('An authenticator app is set up').waitFor();

    const other = await freshPage();
    await other.goto('/auth/login');
    await other.getByLabel('Username or e-mail').fill('tina');
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('button', { name: 'Use a recovery code' }).click();
    await other.getByLabel('Recovery code').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
    await other.getByRole('button', { name: 'Verify' }).click();
    await other.getByRole('alert').filter({ hasText: 'That recovery code is wrong' }).waitFor();
    await other.getByLabel('Recovery code').fill(enrolled.body.recovery_code);
    await other.getByRole('button', { name: 'Verify' }).click();
    await other.getByRole('heading', { name: 'Projects' }).waitFor();
    assert.equal((await admin().get(`/api/users/${id}`)).body.totp, undefined, 'the recovery code removed it');
  });

  test('the account page sets up an authenticator (then asked for at sign-in through the provider) and turns it off', async () => {
    const page = await freshPage();
    await throughProvider(page, 'alice');
    await page.getByRole('link', { name: 'alice' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = await page.getByLabel('Authenticator key').inputValue();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.getByRole('img', { name: 'QR code of the authenticator key' }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.qr');
      return Boolean(img?.complete && img.naturalWidth >= 100); // the QR code loads
    });
    await page.getByText('An authenticator app is set up').waitFor();
    for (const v of await axeViolations(page)) a11y.push(`/account: ${v}`);

    const again = await freshPage();
    await throughProvider(again, 'alice');
    await again.getByLabel('Authentication code').fill(await code(secret));
    await again.getByRole('button', { name: 'Verify' }).click();
    await again.getByRole('heading', { name: 'Projects' }).waitFor();

    await again.goto('/account');
    await again.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await again.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await again.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
    const third = await freshPage();
    await throughProvider(third, 'alice');
    await third.getByRole('heading', { name: 'Projects' }).waitFor(); // no code asked
  });

  test('API tokens: a new one shown once works as a Bearer token until it is expired', async () => {
    const page = ui.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await page.getByRole('link', { name: 'Administrator' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('button', { name: 'New token' }).click();
    const token = await page.getByLabel('New API token').inputValue();
    assert.ok(token.length >= 16, token);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    const asToken = new ApiClient(ui.base).withToken(token);
    const me = await asToken.get('/api/user');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'admin');

    const row = page.getByRole('row').filter({ hasText: `${token.slice(0, 8)}…` });
    await row.getByText('Active').waitFor();
    for (const v of await axeViolations(page)) a11y.push(`/account with a token: ${v}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'account-tokens.png'), fullPage: true });
    await row.getByRole('button', { name: `Expire token ${token.slice(0, 8)}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Expire' }).click();
    await row.getByText('Expired').waitFor();
    assert.equal(await page.getByLabel('New API token').count(), 0, 'the expired token is no longer shown');
    assert.equal((await asToken.get('/api/user')).status, 401);
  });

  test('a project restored from a backup file the page downloaded; a bad file refused; no restore for a guest', async () => {
    const source = await admin().post('/api/projects', { name: 'Backed up' });
    assert.equal(source.status, 201, source.text);
    const p = source.body.id;
    const none = (await admin().get(`/api/project/${p}/keys`)).body.find((k: any) => k.name === 'None');
    const repo = {
      name: 'the repo',
      git_url: 'https://git.example.test/app.git',
      git_branch: 'main',
      ssh_key_id: none.id,
    };
    assert.equal((await admin().post(`/api/project/${p}/repositories`, repo)).status, 204);

    const page = ui.page;
    await page.goto(`/project/${p}/settings`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download backup' }).click();
    const file = join(workDir('web-ui-backup'), 'backup.json');
    await (await downloading).saveAs(file);

    await page.goto('/');
    await page.getByRole('link', { name: 'Restore from backup' }).click();
    const input = page.getByLabel('Backup file');
    for (const v of await axeViolations(page)) a11y.push(`/project/restore: ${v}`);
    const before = (await admin().get('/api/projects')).body.length;
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"meta":{}}') });
    await page.getByRole('button', { name: 'Restore' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /meta\.name/ })
      .waitFor();
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a backup') });
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('alert').filter({ hasText: 'it is not JSON' }).waitFor();
    assert.equal((await admin().get('/api/projects')).body.length, before, 'no project from a bad file');

    await input.setInputFiles(file);
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.waitForURL((url) => /^\/project\/\d+\/history$/.test(url.pathname) && !url.pathname.includes(`/${p}/`));
    const restored = Number(/\/project\/(\d+)\//.exec(new URL(page.url()).pathname)?.[1]);
    assert.equal((await admin().get(`/api/project/${restored}`)).body.name, 'Backed up');
    const repos = (await admin().get(`/api/project/${restored}/repositories`)).body;
    assert.deepEqual(
      repos.map((r: any) => [r.name, r.git_url]),
      [['the repo', repo.git_url]],
    );

    const guest = await ui.member(p, 'guest');
    await guest.getByRole('link', { name: 'Backed up' }).first().waitFor();
    assert.equal(await guest.getByRole('link', { name: 'Restore from backup' }).count(), 0);
    assert.equal(await guest.getByRole('link', { name: 'New project' }).count(), 0);
    await guest.goto('/project/restore');
    await guest.getByText('Only administrators and users allowed to create projects may restore one.').waitFor();
    assert.equal(await guest.getByLabel('Backup file').count(), 0);
  });

  test('no serious axe violation on the new pages; no console error or policy violation', () => {
    assert.deepEqual(a11y, []);
    assert.deepEqual(ui.problems, []);
  });
});
