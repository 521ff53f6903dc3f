// Three API servers on one fresh database for the TOTP tests (test/totp.test.ts): TOTP on with
// recovery (the `auth.totp` block), on without recovery (the `mfa.totp` block, its own issuer),
// and off; each with its WebSocket, the same access-key encryption key, and the clock the test
// moves. Also records everything the process prints, and every secret enrolment showed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'otplib';
import WebSocket from 'ws';
import { z } from 'zod';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { totpSettings } from '../../src/config/settings/totp.ts';
import { createApp } from '../../src/api/app.ts';
import type { ApiDeps } from '../../src/api/context.ts';
import { attachLiveSocket, closeLiveSocket } from '../../src/api/ws/server.ts';
import { InProcessBus } from '../../src/live/bus.ts';
import { openDatabase } from '../../src/cli/processes.ts';
import { ensureAdmin } from '../../src/services/auth.ts';
import type { Db } from '../../src/store/db.ts';
import { ApiClient } from './api-client.ts';
import { type DbKind, freshDatabaseUrl, workDir } from './env.ts';
import { ADMIN_PASSWORD } from './in-process.ts';

export const PASSWORD = 'a long enough password';
/** Wrong codes (or passwords) per user within the window before 429. */
export const PER_USER = 3;
export const STEP_MS = 30_000;

export class TotpServers {
  clock = Date.now();
  db!: Db;
  /** TOTP enabled, recovery allowed. */
  on = '';
  /** TOTP enabled through `mfa.totp`, recovery not allowed. */
  noRecovery = '';
  /** TOTP disabled. */
  off = '';
  admin!: ApiClient;
  readonly users: Record<string, number> = {};
  /** Every secret and recovery code that enrolment showed. */
  readonly shown: string[] = [];
  /** Everything the process printed meanwhile. */
  readonly output: string[] = [];
  private readonly servers: Server[] = [];
  private readonly restore: Array<() => void> = [];

  async start(kind: DbKind, names: string[]): Promise<void> {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.output.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      this.restore.push(() => {
        stream.write = write;
      });
    }
    const config = loadConfig({
      ...process.env,
      SIGNALMAN_DATA_DIR: workDir('data'),
      DATABASE_URL: await freshDatabaseUrl(kind),
      SIGNALMAN_LOGIN_MAX_FAILURES_PER_USER: String(PER_USER),
      SIGNALMAN_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    });
    this.db = await openDatabase(config);
    await ensureAdmin(this.db, ADMIN_PASSWORD, () => ADMIN_PASSWORD);
    const key = randomBytes(32);
    this.on = await this.serve(config, { auth: { totp: { enabled: true, allow_recovery: true } } }, key);
    this.noRecovery = await this.serve(config, { mfa: { totp: { enabled: true, app_name: 'Ops Signalman' } } }, key);
    this.off = await this.serve(config, {}, key);
    this.admin = new ApiClient(this.on);
    await this.admin.login('admin', ADMIN_PASSWORD);
    for (const name of names) await this.addUser(name);
  }

  private async serve(base: Config, settings: unknown, key: Buffer): Promise<string> {
    const config = { ...base, settings: { ...base.settings, ...z.object(totpSettings).parse(settings) } };
    const deps = { db: this.db, config, engine: {}, schedules: {}, encryptionKey: key, version: 'test' };
    const server = createServer(createApp({ ...deps, now: () => this.clock } as unknown as ApiDeps));
    attachLiveSocket(server, this.db, new InProcessBus());
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    this.servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async addUser(name: string): Promise<number> {
    const body = { username: name, name, email: `${name}@example.test`, password: PASSWORD };
    const res = await this.admin.post('/api/users', body);
    assert.equal(res.status, 201, res.text);
    this.users[name] = res.body.id;
    return res.body.id;
  }

  async close(): Promise<void> {
    for (const undo of this.restore) undo();
    for (const server of this.servers) {
      closeLiveSocket(server);
      await new Promise((r) => server.close(r));
    }
    await this.db?.$disconnect();
  }

  /** A fresh login of `name` on `base`: a client that sends its session cookie, and the cookie. */
  async login(name: string, base = this.on): Promise<{ api: ApiClient; cookie: string }> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: name, password: PASSWORD }),
    });
    assert.equal(res.status, 204, await res.text());
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^semaphore=/);
    const api = new ApiClient(base);
    const withCookie = (method: string, path: string, body?: unknown) =>
      ApiClient.prototype.request.call(api, method, path, body, { cookie });
    api.request = withCookie as ApiClient['request'];
    return { api, cookie };
  }

  /** Enrols `name` (signed in without TOTP yet): the secret, the recovery code and the session. */
  async enrol(name: string, base = this.on) {
    const { api, cookie } = await this.login(name, base);
    const res = await api.post(`/api/users/${this.users[name]}/2fas/totp`);
    assert.equal(res.status, 200, res.text);
    const secret = new URL(res.body.url).searchParams.get('secret') ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const recovery = res.body.recovery_code as string | undefined;
    this.shown.push(secret, ...(recovery ? [recovery] : []));
    return { api, cookie, id: res.body.id as number, secret, recovery, body: res.body };
  }

  /** The code an authenticator app shows at `at` (default: the servers' clock). */
  code(secret: string, at = this.clock): Promise<string> {
    return generate({ secret, epoch: Math.floor(at / 1000) });
  }

  /** What an upgrade of /api/ws with `cookie` gets: 101, or the refusal's status. */
  socketStatus(base: string, cookie: string): Promise<number> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, { headers: { cookie } });
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('error', () => resolve(0));
    });
  }
}
