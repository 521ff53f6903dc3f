// Configuration as a Semaphore installation has it: a config.json (its database block, its
// `":3000"` port, TLS) read by the real `signalman` command, `signalman config check`, and the
// README's settings table kept current.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import { withSettingsTable } from '../src/config/settings-table.ts';
import { claimNamespace, freshPostgresUrl, testTemporalAddress, workDir } from './support/env.ts';
import { freePort } from './support/ports.ts';
import { SignalmanProcess } from './support/processes.ts';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/signalman.mjs');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over HTTPS trusting only `ca`, or over plain HTTP. */
function call(url: string, options: { ca?: Buffer; method?: string; body?: unknown } = {}): Promise<Answer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((ok, fail) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function certificate(dir: string): { cert: string; key: string; ca: Buffer } {
  const cert = join(dir, 'server.pem');
  const key = join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key, ca: readFileSync(cert) };
}

describe('a Semaphore-style config.json with TLS and a postgres block, read by `signalman server`', () => {
  const dir = workDir('config');
  const tls = certificate(dir);
  let proc: SignalmanProcess;
  let port: number;
  let redirectPort: number;

  before(async () => {
    port = await freePort();
    redirectPort = await freePort();
    const pg = new URL(await freshPostgresUrl());
    const configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dialect: 'postgres',
        postgres: {
          host: `${pg.hostname}:${pg.port}`,
          user: decodeURIComponent(pg.username),
          pass: decodeURIComponent(pg.password),
          name: pg.pathname.slice(1),
        },
        port: `:${port}`,
        interface: '127.0.0.1',
        tls: { enabled: true, cert_file: tls.cert, key_file: tls.key, http_redirect_port: redirectPort },
        admin_password: 'config-file-admin-pw',
        temporal: { address: testTemporalAddress(), namespace: claimNamespace() },
        data_dir: join(dir, 'data'),
        cookie_hash: 'unused-by-signalman',
      }),
    );
    proc = new SignalmanProcess(['server', '--config', configPath], {
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      TEMPORAL_NAMESPACE: '',
      SIGNALMAN_PORT: '',
      SIGNALMAN_DATA_DIR: '',
    });
    await proc.waitFor(/API listening on port \d+ \(HTTPS\)/);
  });
  after(async () => proc?.stop('SIGTERM'));

  test('it serves HTTPS with the configured certificate on the ":port" of the file', async () => {
    const answer = await call(`https://127.0.0.1:${port}/api/ping`, { ca: tls.ca });
    assert.equal(answer.status, 200);
    assert.match(proc.output, new RegExp(`configuration file: ${join(dir, 'config.json')}`));
  });

  test('plain HTTP on the redirect port is sent to the HTTPS address, path and query kept', async () => {
    const answer = await call(`http://127.0.0.1:${redirectPort}/project/1/history?t=5`);
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, `https://127.0.0.1:${port}/project/1/history?t=5`);
  });

  test('the admin from the file signs in over HTTPS and gets a Secure session cookie, stored in the postgres block', async () => {
    const answer = await call(`https://127.0.0.1:${port}/api/auth/login`, {
      ca: tls.ca,
      method: 'POST',
      body: { auth: 'admin', password: 'config-file-admin-pw' },
    });
    assert.equal(answer.status, 204);
    const cookie = String(answer.headers['set-cookie']);
    assert.match(cookie, /^semaphore=/);
    assert.match(cookie, /; Secure/);
    const wrong = await call(`https://127.0.0.1:${port}/api/auth/login`, {
      ca: tls.ca,
      method: 'POST',
      body: { auth: 'admin', password: 'not-it' },
    });
    assert.equal(wrong.status, 401);
  });

  test('a client that does not trust the certificate is refused by its own TLS check', async () => {
    await assert.rejects(call(`https://127.0.0.1:${port}/api/ping`), /self-signed|unable to verify|certificate/i);
  });
});

describe('start-up refuses a configuration with problems, listing them all', () => {
  test('an unreadable certificate, a bad port and a MySQL database stop `signalman server` with every problem named', async () => {
    const dir = workDir('config-bad');
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ dialect: 'mysql', mysql: { host: 'db', pass: 'mysql-secret-pw' } }));
    const proc = new SignalmanProcess(['server', '--config', configPath], {
      SEMAPHORE_TLS_ENABLED: 'yes',
      SEMAPHORE_TLS_CERT_FILE: join(dir, 'missing.pem'),
      SEMAPHORE_TLS_KEY_FILE: join(dir, 'missing.key'),
      SEMAPHORE_PORT: 'three thousand',
      SIGNALMAN_PORT: '',
      DATABASE_URL: '',
    });
    assert.equal(await proc.exited(), 1);
    assert.match(proc.output, /port \(SEMAPHORE_PORT\): must be a port number/);
    assert.match(proc.output, /dialect: mysql is not supported/);
    assert.match(proc.output, /tls\.cert_file: .*missing\.pem cannot be read \(ENOENT\)/);
    assert.match(proc.output, /tls\.key_file: .*missing\.key cannot be read \(ENOENT\)/);
    assert.doesNotMatch(proc.output, /mysql-secret-pw/);
  });
});

describe('signalman config check', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, 'config', 'check', ...args], {
      env: { ...process.env, DATABASE_URL: '', SIGNALMAN_PORT: '', ...env },
      encoding: 'utf8',
    });

  test('prints every setting with where it came from, secrets masked, and the keys it ignores; exit 0', () => {
    const dir = workDir('config-check');
    const configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        port: ':3999',
        dialect: 'postgres',
        postgres: { host: 'db.internal:5432', user: 'semaphore', pass: 'pg-secret-in-file', name: 'semaphore' },
        access_key_encryption: 'aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd28=',
        git_client: 'cmd_git',
      }),
    );
    const out = run(['--config', configPath], { SEMAPHORE_MAX_PARALLEL_TASKS: '3' });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`configuration file: ${configPath}`));
    assert.match(out.stdout, new RegExp(`^port = 3999   \\(${configPath}\\)$`, 'm'));
    assert.match(out.stdout, /^max_parallel_tasks = 3 {3}\(SEMAPHORE_MAX_PARALLEL_TASKS\)$/m);
    assert.match(out.stdout, /^postgres\.pass = \*\*\*/m);
    assert.match(out.stdout, /^access_key_encryption = \*\*\*/m);
    assert.match(out.stdout, /^database: postgresql:\/\/semaphore:\*\*\*@db\.internal:5432\/semaphore$/m);
    assert.match(out.stdout, /not used by Signalman \(ignored\): git_client/);
    assert.doesNotMatch(out.stdout + out.stderr, /pg-secret-in-file|aGVsbG8gd29ybGQ/);
    // Written with the default umask: every user of the host could read the passwords in it.
    assert.match(out.stdout, /warning: .*config\.json can be read by every user of this host/);
    chmodSync(configPath, 0o600);
    assert.doesNotMatch(run(['--config', configPath]).stdout, /can be read by every user/);
  });

  test('exits 1 listing the problems, secrets masked', () => {
    const out = run(['--no-config'], {
      SEMAPHORE_PORT: ':99999',
      SEMAPHORE_DB_DIALECT: 'postgres',
      SEMAPHORE_DB_HOST: 'db',
      SEMAPHORE_DB_PASS: 'env-secret-pw',
      SEMAPHORE_DB_OPTIONS: '{"sslmode": true}',
    });
    assert.equal(out.status, 1);
    assert.match(out.stderr, /port \(SEMAPHORE_PORT\): must be a port number/);
    assert.match(out.stderr, /postgres\.options\.sslmode \(SEMAPHORE_DB_OPTIONS\)/);
    assert.doesNotMatch(out.stdout + out.stderr, /env-secret-pw/);
  });
});

test("the README's settings table is the one the schema makes (npm run docs:settings)", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.equal(readme, withSettingsTable(readme), 'README.md settings table is stale: run `npm run docs:settings`');
});
