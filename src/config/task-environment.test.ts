import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './index.ts';
import { forwardRefusal } from './task-environment.ts';

const taskEnv = (env: Record<string, string>) => loadConfig(env, { noConfig: true }).taskEnv;

test('forwarded host variables come first, configured values win', () => {
  assert.deepEqual(
    taskEnv({
      SEMAPHORE_FORWARDED_ENV_VARS: '["HTTPS_PROXY","UNSET_ONE","SHARED"]',
      SEMAPHORE_ENV_VARS: '{"SHARED":"configured","REGION":"eu"}',
      HTTPS_PROXY: 'http://proxy:3128',
      SHARED: 'host',
    }),
    { HTTPS_PROXY: 'http://proxy:3128', SHARED: 'configured', REGION: 'eu' },
  );
  assert.deepEqual(taskEnv({ SIGNALMAN_ENV_VARS: '{"A":"1"}', SEMAPHORE_ENV_VARS: '{"B":"2"}' }), { A: '1' });
  assert.deepEqual(taskEnv({}), {});
});

test("the server's own secrets and settings cannot be forwarded", () => {
  for (const name of [
    'DATABASE_URL',
    'SIGNALMAN_ACCESS_KEY_ENCRYPTION',
    'SEMAPHORE_ACCESS_KEY_ENCRYPTION',
    'SIGNALMAN_ADMIN_PASSWORD',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_TLS_KEY',
    'PGPASSWORD',
    'LD_PRELOAD',
    'PATH',
    'BASH_ENV',
    'a b',
  ]) {
    assert.ok(forwardRefusal(name), name);
    assert.throws(
      () => taskEnv({ SEMAPHORE_FORWARDED_ENV_VARS: JSON.stringify([name]), [name]: 'x' }),
      new RegExp(`forwarded_env_vars\\.0 \\(SEMAPHORE_FORWARDED_ENV_VARS\\): "${name}"`),
    );
  }
  assert.equal(forwardRefusal('AWS_REGION'), undefined);
});

test('settings that are not what they should be are refused, saying which', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ SEMAPHORE_ENV_VARS: '{oops' }, /env_vars \(SEMAPHORE_ENV_VARS\): not JSON/],
    [{ SEMAPHORE_ENV_VARS: '["A"]' }, /env_vars \(SEMAPHORE_ENV_VARS\): has the wrong shape/],
    [{ SEMAPHORE_ENV_VARS: '{"A":1}' }, /env_vars\.A \(SEMAPHORE_ENV_VARS\): .*string/],
    [{ SEMAPHORE_ENV_VARS: '{"-x":"1"}' }, /env_vars\.-x \(SEMAPHORE_ENV_VARS\): is not a variable name/],
    [
      { SEMAPHORE_FORWARDED_ENV_VARS: '{"A":1}' },
      /forwarded_env_vars \(SEMAPHORE_FORWARDED_ENV_VARS\): has the wrong shape/,
    ],
  ];
  for (const [env, expected] of cases) assert.throws(() => taskEnv(env), expected);
});
