// Requests from other sites (finding 9 of issue 9), on SQLite and PostgreSQL: with the admin's
// session cookie and `Origin: https://evil.example`, a bodiless stop of a running task (as
// text/plain and as a form), a new API token, a login and an /api/ws upgrade are all refused with
// 403 and change nothing; the same requests from the server's own origin, from the configured web
// host, with no Origin at all (curl) or with a bearer token still work. And the session cookie's
// flags: named `semaphore` and readable by scripts as upstream's (Semaphore's web UI looks for it in
// document.cookie), HttpOnly with SIGNALMAN_COOKIE_HTTPONLY=true, always SameSite=Lax, Secure under
// TLS (or when the web host is https); and the Content-Security-Policy of the pages we serve.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { DB_KINDS } from './support/env.ts';
import { ADMIN_PASSWORD, startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';

const EVIL = 'https://evil.example';
const WEB_HOST = 'https://signalman.example.test';

async function login(base: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ auth: 'admin', password: ADMIN_PASSWORD }),
  });
}

async function cookieOf(base: string): Promise<string> {
  const res = await login(base);
  assert.equal(res.status, 204);
  return res.headers.get('set-cookie')!.split(';')[0];
}

/** The status of an /api/ws upgrade: 101 when it opened, else the refusal's status. */
function upgrade(base: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

for (const kind of DB_KINDS) {
  describe(`requests from other sites on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let templateId: number;
    let cookie: string;
    before(async () => {
      stack = await startInProcess(kind, { SIGNALMAN_WEB_HOST: WEB_HOST, SIGNALMAN_TRUST_PROXY: 'loopback' });
      f = await createProjectWithRepo(
        stack.admin,
        makeRepo({ 'hold.sh': 'echo holding\nwhile true; do sleep 0.2; done\n' }).url,
      );
      templateId = await createTemplate(stack.admin, f, 'hold.sh');
      cookie = await cookieOf(stack.base);
    });
    after(async () => stack?.close());

    const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      fetch(`${stack.base}${path}`, { method, headers: { cookie, ...headers }, body });
    const tokenCount = () => stack.db.apiToken.count();

    test('a bodiless stop of a running task from another site, as text/plain or as a form, gets 403 and the task runs on', async () => {
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      await stack.admin.waitForTask(f.projectId, taskId, ['running']);
      const stop = `/api/project/${f.projectId}/tasks/${taskId}/stop`;
      for (const [contentType, referer] of [
        ['text/plain', false],
        ['application/x-www-form-urlencoded', false],
        ['text/plain', true],
      ] as const) {
        // A browser sends Origin; some older ones, for some requests, only Referer.
        const from: Record<string, string> = referer ? { referer: `${EVIL}/page.html` } : { origin: EVIL };
        const res = await send('POST', stop, { 'content-type': contentType, ...from });
        assert.equal(res.status, 403, `${contentType}${referer ? ' with Referer' : ''}`);
        assert.match((await res.json()).error, /evil\.example/);
      }
      const opaque = await send('POST', stop, { 'content-type': 'text/plain', origin: 'null' });
      assert.equal(opaque.status, 403, 'Origin: null (a sandboxed frame) is another site too');
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'running');

      // From the web host's own pages the same request works.
      const own = await send('POST', stop, { 'content-type': 'application/json', origin: WEB_HOST }, '{}');
      assert.equal(own.status, 204);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
    });

    test('POST /api/user/tokens from another site gets 403 and creates no token; from the own origin, without Origin, or by bearer token it works', async () => {
      const before = await tokenCount();
      const evil = await send('POST', '/api/user/tokens', { origin: EVIL });
      assert.equal(evil.status, 403);
      assert.equal(await tokenCount(), before, 'no token was created');

      const own = await send('POST', '/api/user/tokens', { origin: stack.base });
      assert.equal(own.status, 201, "the server's own origin (its Host and scheme)");
      const ownHttps = await send('POST', '/api/user/tokens', { origin: stack.base.replace(/^http:/, 'https:') });
      assert.equal(ownHttps.status, 201, 'the own Host over https, as a TLS proxy in front presents it');
      const curl = await send('POST', '/api/user/tokens', {});
      assert.equal(curl.status, 201, 'no Origin and no Referer: curl and CLI clients');
      const token = (await curl.json()).id as string;
      const bearer = await fetch(`${stack.base}/api/user/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: EVIL },
      });
      assert.equal(bearer.status, 201, 'a bearer token is not sent by a browser on its own: not affected');
      const readOnly = await send('GET', '/api/user/tokens', { origin: EVIL });
      assert.equal(readOnly.status, 200, 'reads are not refused (CORS keeps their answers from the other site)');
    });

    test('a login from another site gets 403 and no cookie (login CSRF)', async () => {
      const res = await login(stack.base, { origin: EVIL });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('set-cookie'), null);
      assert.equal((await login(stack.base, { origin: WEB_HOST })).status, 204);
    });

    test('/api/ws: a cookie upgrade from another site is refused; own origin, web host and bearer upgrades open', async () => {
      assert.equal(await upgrade(stack.base, { cookie, origin: EVIL }), 403);
      assert.equal(await upgrade(stack.base, { cookie, origin: WEB_HOST }), 101);
      assert.equal(await upgrade(stack.base, { cookie, origin: stack.base }), 101);
      assert.equal(await upgrade(stack.base, { cookie }), 101);
      const token = (await stack.admin.post('/api/user/tokens')).body.id as string;
      assert.equal(await upgrade(stack.base, { authorization: `Bearer ${token}`, origin: EVIL }), 101);
    });

    test('the session cookie is `semaphore`, readable by scripts as upstream, SameSite=Lax, and Secure when the web host is https', async () => {
      const flags = (await login(stack.base)).headers.get('set-cookie') ?? '';
      assert.match(flags, /^semaphore=[^;]+; /);
      assert.doesNotMatch(flags, /HttpOnly/i);
      assert.match(flags, /; SameSite=Lax/i);
      assert.match(flags, /; Secure/i);
      assert.match(flags, /; Path=\//i);
    });
  });
}

describe('SIGNALMAN_COOKIE_HTTPONLY=true', () => {
  let stack: InProcessStack;
  before(async () => {
    stack = await startInProcess('sqlite', { SIGNALMAN_COOKIE_HTTPONLY: 'true' });
  });
  after(async () => stack?.close());

  test('makes the session cookie HttpOnly at login and at logout, and it still signs in', async () => {
    const res = await login(stack.base);
    const flags = res.headers.get('set-cookie') ?? '';
    assert.match(flags, /^semaphore=[^;]+; /);
    assert.match(flags, /; HttpOnly/i);
    assert.match(flags, /; SameSite=Lax/i);
    const cookie = flags.split(';')[0];
    assert.equal((await fetch(`${stack.base}/api/user`, { headers: { cookie } })).status, 200);
    const out = await fetch(`${stack.base}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^semaphore=;.*; HttpOnly/i);
    assert.equal((await fetch(`${stack.base}/api/user`, { headers: { cookie } })).status, 401);
  });
});

describe('the pages we serve', () => {
  let stack: InProcessStack;
  before(async () => {
    stack = await startInProcess('sqlite');
  });
  after(async () => stack?.close());

  test('carry a strict Content-Security-Policy (no inline or foreign script or style), as every answer does', async () => {
    const docs = await fetch(`${stack.base}/api/docs`);
    assert.equal(docs.status, 200);
    const csp = docs.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    // The page itself obeys it: no inline script or style; what it loads comes from this server.
    const html = await docs.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'an inline script');
    assert.doesNotMatch(html, /<style|\sstyle=/i, 'an inline style');
    for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      assert.match(url, /^\/api\/docs\//, `${url} is not served from here`);
      assert.equal((await fetch(`${stack.base}${url}`)).status, 200, url);
    }
    for (const path of ['/', '/api/openapi.json', '/api/ping', '/api/nothing']) {
      assert.equal((await fetch(`${stack.base}${path}`)).headers.get('content-security-policy'), csp, path);
    }
  });
});

describe('the Secure flag without an https web host', () => {
  let stack: InProcessStack;
  let proxied: InProcessStack;
  before(async () => {
    stack = await startInProcess('sqlite');
    proxied = await startInProcess('sqlite', { SIGNALMAN_TRUST_PROXY: 'loopback' });
  });
  after(async () => {
    await stack?.close();
    await proxied?.close();
  });

  test('plain HTTP: no Secure; X-Forwarded-Proto is believed only from a proxy SIGNALMAN_TRUST_PROXY names', async () => {
    assert.doesNotMatch((await login(stack.base)).headers.get('set-cookie') ?? '', /Secure/i);
    const spoofed = await login(stack.base, { 'x-forwarded-proto': 'https' });
    assert.doesNotMatch(spoofed.headers.get('set-cookie') ?? '', /Secure/i, 'no trusted proxy: the header is ignored');
    const viaProxy = await login(proxied.base, { 'x-forwarded-proto': 'https' });
    assert.match(viaProxy.headers.get('set-cookie') ?? '', /; Secure/i);
    const cookie = viaProxy.headers.get('set-cookie')!.split(';')[0];
    // Behind the TLS proxy the browser's pages are https://<host>: same origin.
    const res = await fetch(`${proxied.base}/api/user/tokens`, {
      method: 'POST',
      headers: { cookie, origin: proxied.base.replace(/^http:/, 'https:'), 'x-forwarded-proto': 'https' },
    });
    assert.equal(res.status, 201);
    const downgraded = await fetch(`${proxied.base}/api/user/tokens`, {
      method: 'POST',
      headers: { cookie, origin: proxied.base, 'x-forwarded-proto': 'https' },
    });
    assert.equal(downgraded.status, 403, 'a plain-http page may not use a cookie of the https site');
  });
});
