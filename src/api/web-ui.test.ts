// The web UI's routes on a stand-in build: index.html for pages, cached hashed assets, the policy
// header, and nothing of it under /api.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { notFoundRoute } from './error-handler.ts';
import { WEB_UI_CSP, webUiRoutes } from './web-ui.ts';

async function serve(dir: string): Promise<{ base: string; close: () => void }> {
  const app = express();
  app.get('/api/ping', (_req, res) => void res.send('pong'));
  app.use(webUiRoutes(dir));
  app.use(notFoundRoute);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function standInBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-ui-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.hidden'), 'secret');
  writeFileSync(join(dir, 'stamp.json'), '{"source":"hash"}');
  return dir;
}

test('pages answer index.html with the policy; hashed assets are cached for good; /api is untouched', async () => {
  const { base, close } = await serve(standInBuild());
  try {
    for (const path of ['/', '/project/3/history?t=7', '/auth/login', '/no/such/page']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /^<!doctype html>/, path);
      assert.equal(res.headers.get('content-security-policy'), WEB_UI_CSP, path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
    }
    assert.doesNotMatch(WEB_UI_CSP, /unsafe|\*/);
    const asset = await fetch(`${base}/assets/app-abc123.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const gone = await fetch(`${base}/assets/gone-000.js`);
    assert.equal(gone.status, 404, 'a missing asset is no page');
    assert.doesNotMatch(await gone.text(), /tmp|web-ui|ENOENT/, 'and says nothing of the folder');
    assert.equal((await fetch(`${base}/favicon.svg`)).headers.get('cache-control'), 'no-cache');
    const hidden = await fetch(`${base}/.hidden`);
    assert.doesNotMatch(await hidden.text(), /secret/, 'dot files are not served');
    assert.doesNotMatch(await (await fetch(`${base}/stamp.json`)).text(), /hash/, "the build's stamp is not served");
    assert.equal(await (await fetch(`${base}/api/ping`)).text(), 'pong');
    for (const path of ['/api/nothing', '/api', '/api/project/1/nothing']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/, path);
    }
    const post = await fetch(`${base}/project/1/history`, { method: 'POST' });
    assert.equal(post.status, 404);
    assert.match(post.headers.get('content-type') ?? '', /application\/json/);
  } finally {
    close();
  }
});

test('an unbuilt UI: pages say how to build it, /api is untouched', async () => {
  const { base, close } = await serve(mkdtempSync(join(tmpdir(), 'web-ui-none-')));
  try {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /npm run setup/);
    assert.match((await fetch(`${base}/api/nothing`)).headers.get('content-type') ?? '', /application\/json/);
  } finally {
    close();
  }
});
