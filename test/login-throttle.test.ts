// Login throttling (finding 10 of issue 9), on SQLite and PostgreSQL, against the real Express app
// with a clock the test moves (no sleeping): 60 wrong passwords, then the right one is refused with
// 429 and Retry-After; another address is refused too (the per-user rule); after the window the
// right password works; a success clears the user's failures; one address that tries many names is
// stopped by the per-address rule, and cannot lock out more users than that.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/index.ts';
import { createApp } from '../src/api/app.ts';
import type { ApiDeps } from '../src/api/context.ts';
import { openDatabase } from '../src/cli/processes.ts';
import { ensureAdmin } from '../src/services/auth.ts';
import type { Db } from '../src/store/db.ts';
import { DB_KINDS, freshDatabaseUrl, workDir } from './support/env.ts';
import { ADMIN_PASSWORD } from './support/in-process.ts';

const WINDOW_S = 900;

for (const kind of DB_KINDS) {
  describe(`login throttling on ${kind}`, () => {
    let db: Db;
    let server: Server;
    let base: string;
    let clock = Date.parse('2026-12-01T08:00:00Z');

    before(async () => {
      // The defaults: 5 failures per user, 20 per address, within 15 minutes.
      const config = loadConfig({
        ...process.env,
        SIGNALMAN_DATA_DIR: workDir('data'),
        DATABASE_URL: await freshDatabaseUrl(kind),
        SIGNALMAN_TRUST_PROXY: 'loopback',
      });
      db = await openDatabase(config);
      await ensureAdmin(db, ADMIN_PASSWORD, () => ADMIN_PASSWORD);
      // Logins need nothing of Temporal: the engines are never called.
      const deps = {
        db,
        config,
        engine: {},
        schedules: {},
        encryptionKey: null,
        version: 'test',
        now: () => clock,
      } as unknown as ApiDeps;
      server = createApp(deps).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((r) => server?.close(r));
      await db?.$disconnect();
    });

    /** A login from `address` (the test's trusted proxy says so in X-Forwarded-For). */
    const login = async (auth: string, password: string, address: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ auth, password }),
      });
      const text = await res.text();
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        cookie: res.headers.get('set-cookie'),
        body: text ? JSON.parse(text) : undefined,
      };
    };

    test('60 wrong passwords, then the right one: 429 with Retry-After, from any address, until the window has passed', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await login('admin', `wrong-${i}`, '203.0.113.7')).status);
      assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
      assert.ok(
        statuses.slice(5).every((s) => s === 429),
        statuses.join(' '),
      );

      const right = await login('admin', ADMIN_PASSWORD, '203.0.113.7');
      assert.equal(right.status, 429);
      assert.equal(right.retryAfter, String(WINDOW_S));
      assert.match(right.body.error, /too many failed logins for this user/);
      assert.equal(right.cookie, null);
      const byEmail = await login('admin@localhost', ADMIN_PASSWORD, '198.51.100.9');
      assert.equal(byEmail.status, 429, 'another address, and the account named by its e-mail: the per-user rule');

      clock += (WINDOW_S - 60) * 1000;
      const later = await login('admin', ADMIN_PASSWORD, '198.51.100.9');
      assert.equal(later.status, 429);
      assert.equal(later.retryAfter, '60', 'the wait shrinks as the window moves');

      clock += 61 * 1000;
      const after = await login('admin', ADMIN_PASSWORD, '203.0.113.7');
      assert.equal(after.status, 204, 'the lock expires with the window');
      assert.match(after.cookie ?? '', /^semaphore=/);
    });

    test("a successful login clears the user's failures", async () => {
      clock += WINDOW_S * 1000;
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) assert.equal((await login('admin', 'wrong', '192.0.2.10')).status, 401);
        assert.equal((await login('admin', ADMIN_PASSWORD, '192.0.2.10')).status, 204, `round ${round}`);
      }
    });

    test('one address trying many names is stopped after 20 failures, for real users too; other addresses are not', async () => {
      clock += WINDOW_S * 1000;
      const names = Array.from({ length: 20 }, (_, i) => `nobody-${i}`);
      for (const name of names) assert.equal((await login(name, 'guess', '203.0.113.99')).status, 401, name);
      const next = await login('admin', ADMIN_PASSWORD, '203.0.113.99');
      assert.equal(next.status, 429);
      assert.match(next.body.error, /from this address/);
      assert.equal(next.retryAfter, String(WINDOW_S));
      assert.equal(
        (await login('admin', ADMIN_PASSWORD, '198.51.100.20')).status,
        204,
        'the user is not locked: the names tried were others',
      );
    });

    test('failures older than the window are deleted', async () => {
      clock += 2 * WINDOW_S * 1000;
      assert.equal((await login('nobody', 'guess', '192.0.2.77')).status, 401);
      const rows = await db.loginFailure.findMany();
      assert.ok(
        rows.every((r) => r.at.getTime() === clock),
        `only the last failure's rows are left: ${rows.length}`,
      );
      assert.equal(rows.length, 2, 'one for the name, one for the address');
    });
  });
}
