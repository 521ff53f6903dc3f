// Passwords (finding 10 of issue 9), on SQLite and PostgreSQL: a password shorter than
// SIGNALMAN_PASSWORD_MIN_LENGTH (8) is refused wherever one is set, with 400 naming the field and
// nothing changed, and the first admin's too, at start-up; a password change ends the user's other
// sessions, and their /api/ws connections, while the session that made the change stays.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { attachLiveSocket, closeLiveSocket } from '../src/api/ws/server.ts';
import { DEFAULT_LIMITS } from '../src/api/ws/connection.ts';
import { InProcessBus } from '../src/live/bus.ts';
import { loadConfig } from '../src/config/index.ts';
import { announceAdmin, openDatabase } from '../src/cli/processes.ts';
import { DB_KINDS, freshDatabaseUrl, workDir } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { ApiClient } from './support/api-client.ts';
import { createUser } from './support/users.ts';

for (const kind of DB_KINDS) {
  describe(`password changes on ${kind}`, () => {
    let stack: InProcessStack;
    before(async () => (stack = await startInProcess(kind)));
    after(async () => stack?.close());

    test('a password under 8 characters is refused on create, update and /password; nothing changes', async () => {
      const short = await stack.admin.post('/api/users', {
        username: `short-${kind}`,
        name: 'S',
        email: `short-${kind}@example.test`,
        password: 'x',
      });
      assert.equal(short.status, 400);
      assert.equal(short.body.error, 'password: must be at least 8 characters long');
      assert.equal(await stack.db.user.count({ where: { username: `short-${kind}` } }), 0, 'no user was created');

      const kim = await createUser(stack, 'kim');
      const hashBefore = (await stack.db.user.findUniqueOrThrow({ where: { id: kim.id } })).password;
      for (const [method, path] of [
        ['PUT', `/api/users/${kim.id}`],
        ['POST', `/api/users/${kim.id}/password`],
      ]) {
        for (const who of [stack.admin, kim.api]) {
          const res = await who.request(method, path, { password: '7-chars' });
          assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
          assert.match(res.body.error, /^password: must be at least 8 characters/);
        }
      }
      assert.equal(
        (await stack.db.user.findUniqueOrThrow({ where: { id: kim.id } })).password,
        hashBefore,
        'the password is unchanged',
      );
      await new ApiClient(stack.base).login(kim.username, kim.password);
      assert.equal(
        (await kim.api.post(`/api/users/${kim.id}/password`, { password: '8-chars!' })).status,
        204,
        '8 characters are enough',
      );
      assert.equal(
        (
          await stack.admin.post('/api/users', {
            username: `ok-${kind}`,
            name: 'O',
            email: `ok-${kind}@example.test`,
            password: 'ünïcødé!',
          })
        ).status,
        201,
        'characters, not bytes',
      );
    });

    test('a password change ends every other session of the user and their /api/ws streams; the changing session and API tokens stay', async () => {
      // A second server on the same database whose /api/ws re-checks credentials every 100 ms, not 30 s.
      const wsServer = createServer((_req, res) => res.writeHead(404).end());
      attachLiveSocket(wsServer, stack.db, new InProcessBus(), { ...DEFAULT_LIMITS, recheckEveryMs: 100 });
      await new Promise<void>((r) => wsServer.listen(0, '127.0.0.1', r));
      const wsUrl = `ws://127.0.0.1:${(wsServer.address() as AddressInfo).port}/api/ws`;
      try {
        const lee = await createUser(stack, 'lee');
        const laptop = lee.api;
        const phone = new ApiClient(stack.base);
        await phone.login(lee.username, lee.password);
        const token = (await laptop.post('/api/user/tokens')).body.id as string;
        const phoneCookie = await sessionCookie(stack, lee.username, lee.password);
        const stream = await openSocket(wsUrl, { cookie: phoneCookie });
        const streamClosed = new Promise<void>((r) => stream.once('close', () => r()));

        assert.equal(
          (await laptop.post(`/api/users/${lee.id}/password`, { password: 'lee-second-password' })).status,
          204,
        );
        assert.equal((await laptop.get('/api/user')).status, 200, 'the session that made the change stays');
        assert.equal((await phone.get('/api/user')).status, 401, 'the other session ended');
        assert.equal(
          (await stack.anonymous.withToken(token).get('/api/user')).status,
          200,
          'API tokens are not sessions',
        );
        await streamClosed; // the /api/ws stream of the ended session closes at the next re-check

        // An administrator's change (here by PUT) ends all of them, the user's own included.
        assert.equal((await stack.admin.put(`/api/users/${lee.id}`, { password: 'lee-third-password' })).status, 204);
        assert.equal((await laptop.get('/api/user')).status, 401);
        await new ApiClient(stack.base).login(lee.username, 'lee-third-password');
        assert.equal((await stack.admin.get('/api/user')).status, 200, "the administrator's own session is untouched");
      } finally {
        closeLiveSocket(wsServer);
        await new Promise((r) => wsServer.close(r));
      }
    });
  });
}

async function sessionCookie(stack: InProcessStack, auth: string, password: string): Promise<string> {
  const res = await fetch(`${stack.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth, password }),
  });
  assert.equal(res.status, 204);
  return res.headers.get('set-cookie')!.split(';')[0];
}

function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('the first admin at start-up', () => {
  test('SIGNALMAN_ADMIN_PASSWORD shorter than the minimum stops start-up with a message and creates nobody', async () => {
    const env = { ...process.env, SIGNALMAN_DATA_DIR: workDir('data'), DATABASE_URL: await freshDatabaseUrl('sqlite') };
    const config = loadConfig({ ...env, SIGNALMAN_ADMIN_PASSWORD: 'short' });
    assert.equal(config.passwordMinLength, 8, 'the default');
    const db = await openDatabase(config);
    try {
      await assert.rejects(
        announceAdmin(db, config),
        /^Error: SIGNALMAN_ADMIN_PASSWORD must be at least 8 characters long/,
      );
      assert.equal(await db.user.count(), 0);
      await announceAdmin(
        db,
        loadConfig({ ...env, SIGNALMAN_ADMIN_PASSWORD: 'short', SIGNALMAN_PASSWORD_MIN_LENGTH: '5' }),
      );
      assert.equal(await db.user.count(), 1, 'the minimum is configurable');
    } finally {
      await db.$disconnect();
    }
    assert.throws(
      () => loadConfig({ ...env, SIGNALMAN_PASSWORD_MIN_LENGTH: '0' }),
      /password_min_length \(SIGNALMAN_PASSWORD_MIN_LENGTH\)/,
    );
  });
});
