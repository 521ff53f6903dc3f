import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardRefusal, taskEnvironment } from './task-environment.ts';

test('forwarded host variables come first, configured values win', () => {
  assert.deepEqual(
    taskEnvironment({
      SEMAPHORE_FORWARDED_ENV_VARS: '["HTTPS_PROXY","UNSET_ONE","SHARED"]',
      SEMAPHORE_ENV_VARS: '{"SHARED":"configured","REGION":"eu"}',
      HTTPS_PROXY: 'http://proxy:3128',
      SHARED: 'host',
    }),
    { HTTPS_PROXY: 'http://proxy:3128', SHARED: 'configured', REGION: 'eu' },
  );
  assert.deepEqual(taskEnvironment({ SIGNALMAN_ENV_VARS: '{"A":"1"}', SEMAPHORE_ENV_VARS: '{"B":"2"}' }), { A: '1' });
  assert.deepEqual(taskEnvironment({}), {});
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
      () => taskEnvironment({ SEMAPHORE_FORWARDED_ENV_VARS: JSON.stringify([name]), [name]: 'x' }),
      new RegExp(`SEMAPHORE_FORWARDED_ENV_VARS: "${name}"`),
    );
  }
  assert.equal(forwardRefusal('AWS_REGION'), undefined);
});

test('settings that are not what they should be are refused, saying which', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ SEMAPHORE_ENV_VARS: '{oops' }, /SEMAPHORE_ENV_VARS: not JSON/],
    [{ SEMAPHORE_ENV_VARS: '["A"]' }, /SEMAPHORE_ENV_VARS: must be a JSON object/],
    [{ SEMAPHORE_ENV_VARS: '{"A":1}' }, /the value of "A" must be a string/],
    [{ SEMAPHORE_ENV_VARS: '{"-x":"1"}' }, /"-x" is not a variable name/],
    [{ SEMAPHORE_FORWARDED_ENV_VARS: '{"A":1}' }, /must be a JSON array of variable names/],
  ];
  for (const [env, expected] of cases) assert.throws(() => taskEnvironment(env), expected);
});
