import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../index.ts';

test("runner settings read Semaphore's variables, with Semaphore's defaults", () => {
  const plain = loadConfig({}, { noConfig: true }).settings;
  assert.equal(plain.runner_registration_token, '');
  assert.equal(plain.use_remote_runner, false);
  assert.deepEqual(plain.runners, { offline_timeout_sec: 120, task_fail_timeout_sec: 420 });
  assert.equal(plain.runner.max_parallel_tasks, 1);
  const set = loadConfig(
    {
      SEMAPHORE_RUNNER_REGISTRATION_TOKEN: 'reg',
      SEMAPHORE_USE_REMOTE_RUNNER: 'yes',
      SEMAPHORE_RUNNER_TOKEN_FILE: '/etc/runner.token',
      SEMAPHORE_RUNNER_ONE_OFF: 'true',
      SEMAPHORE_RUNNER_WEBHOOK: 'http://hook',
      SEMAPHORE_RUNNER_MAX_PARALLEL_TASKS: '3',
      SEMAPHORE_RUNNERS_TASK_FAIL_TIMEOUT_SEC: '5',
    },
    { noConfig: true },
  ).settings;
  assert.equal(set.runner_registration_token, 'reg');
  assert.equal(set.runner.registration_token, 'reg');
  assert.equal(set.use_remote_runner, true);
  assert.deepEqual(
    [set.runner.token_file, set.runner.one_off, set.runner.webhook, set.runner.max_parallel_tasks],
    ['/etc/runner.token', true, 'http://hook', 3],
  );
  assert.equal(set.runners.task_fail_timeout_sec, 5);
});
