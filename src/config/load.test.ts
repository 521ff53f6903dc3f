import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, type LoadOptions } from './index.ts';
import { readSettings } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'signalman-config-'));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `config-${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
/** Only what the test gives: no ./config.json or /etc/semaphore/config.json of the host. */
const isolated = (options: LoadOptions = {}): LoadOptions => ({ cwd: dir, searchPaths: [], ...options });

function problems(env: NodeJS.ProcessEnv, options: LoadOptions = {}): string[] {
  try {
    loadConfig(env, isolated(options));
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  assert.fail('the configuration was accepted');
}

test('a config.json is read, environment variables override it, defaults fill the rest', () => {
  const path = file({
    port: ':3100',
    interface: '127.0.0.1',
    max_parallel_tasks: 4,
    schedule: { timezone: 'Europe/Berlin' },
  });
  const config = loadConfig({ SEMAPHORE_MAX_PARALLEL_TASKS: '7' }, isolated({ configPath: path }));
  assert.equal(config.configFile, path);
  assert.equal(config.port, 3100);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.maxParallelTasks, 7);
  assert.equal(config.scheduleTimezone, 'Europe/Berlin');
  assert.equal(config.temporalNamespace, 'default');
  assert.equal(config.settings.max_parallel_tasks, 7);
});

test('the file comes from --config, else SIGNALMAN_CONFIG_PATH or SEMAPHORE_CONFIG_PATH, else ./config.json, else the system places', () => {
  const a = file({ port: 1001 });
  const b = file({ port: 1002 });
  const c = file({ port: 1003 });
  assert.equal(
    loadConfig({ SEMAPHORE_CONFIG_PATH: b, SIGNALMAN_CONFIG_PATH: c }, isolated({ configPath: a })).port,
    1001,
  );
  assert.equal(loadConfig({ SEMAPHORE_CONFIG_PATH: b }, isolated()).port, 1002);
  assert.equal(loadConfig({ SIGNALMAN_CONFIG_PATH: c, SEMAPHORE_CONFIG_PATH: b }, isolated()).port, 1003);
  const cwd = mkdtempSync(join(tmpdir(), 'signalman-cwd-'));
  writeFileSync(join(cwd, 'config.json'), JSON.stringify({ port: 1004 }));
  assert.equal(loadConfig({}, { cwd, searchPaths: [a] }).port, 1004);
  assert.equal(loadConfig({}, { cwd: dir, searchPaths: [join(dir, 'absent.json'), b] }).port, 1002);
  assert.equal(loadConfig({}, { cwd, searchPaths: [], noConfig: true }).port, 3000);
  assert.equal(loadConfig({}, { cwd, searchPaths: [], noConfig: true }).configFile, undefined);
});

test('environment values are cast as Semaphore casts them', () => {
  for (const yes of ['1', 'true', 'TRUE', 'yes', 'Yes'])
    assert.equal(
      loadConfig({ SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: yes }, isolated()).nonAdminCanCreateProject,
      true,
    );
  for (const no of ['0', 'false', 'no', 'NO', ''])
    assert.equal(
      loadConfig({ SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: no }, isolated()).nonAdminCanCreateProject,
      false,
    );
  assert.equal(loadConfig({ SEMAPHORE_PORT: ':3000' }, isolated()).port, 3000);
  assert.equal(loadConfig({ SEMAPHORE_PORT: '8080' }, isolated()).port, 8080);
  assert.equal(loadConfig({ SEMAPHORE_MAX_TASKS_PER_TEMPLATE: '12' }, isolated()).maxTasksPerTemplate, 12);
  assert.deepEqual(loadConfig({ SEMAPHORE_ENV_VARS: '{"A":"1"}' }, isolated()).taskEnv, { A: '1' });
  assert.deepEqual(
    loadConfig(
      { SEMAPHORE_DB_OPTIONS: '{"sslmode":"require"}', SEMAPHORE_DB_DIALECT: 'postgres', SEMAPHORE_DB_HOST: 'db' },
      isolated(),
    ).settings.postgres.options,
    { sslmode: 'require' },
  );
  // An empty variable is unset: the file's value stays.
  assert.equal(loadConfig({ SEMAPHORE_PORT: '' }, isolated({ configPath: file({ port: 4000 }) })).port, 4000);
});

test('every problem is listed at once, with its key and where the value came from', () => {
  const path = file({
    port: 'eighty',
    max_parallel_tasks: -1,
    schedule: { timezone: 'Mars/Base' },
    tls: { enabled: 'yes' },
  });
  const found = problems(
    { SEMAPHORE_MAX_TASK_DURATION_SEC: 'soon', SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: 'ture' },
    { configPath: path },
  );
  const expect = [
    `port (${path}): must be a port number`,
    `max_parallel_tasks (${path}): Too small`,
    `schedule.timezone (${path}): must be an IANA time zone name`,
    `tls.enabled (${path}): must be true or false`,
    'max_task_duration_sec (SEMAPHORE_MAX_TASK_DURATION_SEC): must be a whole number',
    'non_admin_can_create_project (SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT): must be true or false (in the environment: 1, true, yes, 0, false or no)',
  ];
  for (const start of expect)
    assert.ok(
      found.some((p) => p.startsWith(start)),
      `missing "${start}" in:\n${found.join('\n')}`,
    );
  assert.equal(found.length, expect.length, found.join('\n'));
});

test('a file that is not JSON, not an object or not there is a problem naming it', () => {
  const bad = file('{"port": 3000,');
  assert.match(problems({}, { configPath: bad })[0], new RegExp(`config file ${bad}: not JSON`));
  assert.match(problems({}, { configPath: file('[1,2]') })[0], /must hold a JSON object/);
  assert.match(problems({}, { configPath: join(dir, 'missing.json') })[0], /missing\.json: cannot be read \(ENOENT\)/);
});

test('secret values never appear in a problem', () => {
  const found = problems({
    SEMAPHORE_DB_DIALECT: 'postgres',
    SEMAPHORE_DB_HOST: 'db',
    SEMAPHORE_DB_PASS: 'hunter2-very-secret',
    SEMAPHORE_DB_OPTIONS: '{"sslmode": 5}',
    SIGNALMAN_ACCESS_KEY_ENCRYPTION: 'c2VjcmV0LWtleQ==',
    SEMAPHORE_PORT: 'c2VjcmV0LWtleQ==',
  });
  assert.ok(found.length >= 2, found.join('\n'));
  const text = found.join('\n');
  assert.doesNotMatch(text, /hunter2|c2VjcmV0LWtleQ/);
  assert.match(text, /port \(SEMAPHORE_PORT\): \*\*\*|port \(SEMAPHORE_PORT\): must be a port/);
});

test("Semaphore's database blocks map to our store; mysql and bolt are refused saying what we support", () => {
  const pg = loadConfig(
    {},
    isolated({
      configPath: file({
        dialect: 'postgres',
        postgres: {
          host: 'db:5432',
          user: 'sem',
          pass: 'p@ss/word',
          name: 'semaphore',
          options: { sslmode: 'disable' },
        },
      }),
    }),
  );
  assert.equal(pg.databaseUrl, 'postgresql://sem:p%40ss%2Fword@db:5432/semaphore?sslmode=disable');
  const env = loadConfig(
    {
      SEMAPHORE_DB_DIALECT: 'postgres',
      SEMAPHORE_DB_HOST: 'h',
      SEMAPHORE_DB_USER: 'u',
      SEMAPHORE_DB_PASS: 'p',
      SEMAPHORE_DB: 'd',
    },
    isolated(),
  );
  assert.equal(env.databaseUrl, 'postgresql://u:p@h/d');
  const sqlite = loadConfig({}, isolated({ configPath: file({ sqlite: { host: '/var/lib/semaphore/db.sqlite' } }) }));
  assert.equal(sqlite.databaseUrl, 'file:/var/lib/semaphore/db.sqlite');
  const url = loadConfig({ DATABASE_URL: 'file:/x.db', SEMAPHORE_DB_DIALECT: 'postgres' }, isolated());
  assert.equal(url.databaseUrl, 'file:/x.db');
  const fallback = loadConfig({ SIGNALMAN_DATA_DIR: dir }, isolated());
  assert.equal(fallback.databaseUrl, `file:${join(dir, 'signalman.db')}`);
  for (const block of ['mysql', 'bolt']) {
    const found = problems({}, { configPath: file({ [block]: { host: 'somewhere' } }) });
    assert.equal(found.length, 1);
    assert.match(
      found[0],
      new RegExp(`dialect: ${block} is not supported\\. Signalman stores its data in PostgreSQL or SQLite`),
    );
  }
  assert.match(problems({ SEMAPHORE_DB_DIALECT: 'postgres' })[0], /postgres\.host \(SEMAPHORE_DB_HOST\): is required/);
  assert.match(problems({ SEMAPHORE_DB_DIALECT: 'oracle' })[0], /dialect \(SEMAPHORE_DB_DIALECT\): Invalid option/);
});

test('TLS needs a certificate and a key that can be read', () => {
  const found = problems({ SEMAPHORE_TLS_ENABLED: 'true', SEMAPHORE_TLS_CERT_FILE: join(dir, 'nope.pem') });
  assert.deepEqual(found, [
    `tls.cert_file: ${join(dir, 'nope.pem')} cannot be read (ENOENT)`,
    'tls.key_file: is required when tls.enabled is true',
  ]);
  assert.equal(loadConfig({ SEMAPHORE_TLS_CERT_FILE: '/nope' }, isolated()).tls, undefined);
});

test("keys of the file that no setting reads are listed, Semaphore's and typos alike", () => {
  const path = file({
    cookie_hash: 'x',
    tls: { enabled: false, http_redirect_addr: ':80' },
    max_paralel_tasks: 3,
    apps: { ruby: { active: true } },
  });
  const read = readSettings({}, isolated({ configPath: path }));
  assert.deepEqual(read.unused.sort(), ['cookie_hash', 'max_paralel_tasks', 'tls.http_redirect_addr']);
  assert.equal(read.sources.get('apps'), path);
});

test('LDAP switched on without a server or search base stops start-up', () => {
  assert.deepEqual(problems({ SEMAPHORE_LDAP_ENABLE: 'yes' }), [
    'ldap_server: required when ldap_enable is true',
    'ldap_searchdn: required when ldap_enable is true',
  ]);
});
