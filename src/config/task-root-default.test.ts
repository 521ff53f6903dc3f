import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { loadConfig } from './index.ts';

test('the task root is outside the data folder, one per data folder, and SIGNALMAN_TMP_PATH (or SEMAPHORE_TMP_PATH) chooses it', () => {
  const a = loadConfig({ SIGNALMAN_DATA_DIR: '/srv/one/data' });
  const b = loadConfig({ SIGNALMAN_DATA_DIR: '/srv/two/data' });
  assert.ok(a.taskRoot.startsWith(`${tmpdir()}/signalman-`), a.taskRoot);
  assert.notEqual(a.taskRoot, b.taskRoot);
  assert.equal(loadConfig({ SIGNALMAN_DATA_DIR: '/srv/one/data' }).taskRoot, a.taskRoot);
  assert.equal(loadConfig({ SIGNALMAN_TMP_PATH: '/var/tmp/sm' }).taskRoot, '/var/tmp/sm');
  assert.equal(loadConfig({ SEMAPHORE_TMP_PATH: '/var/tmp/sem' }).taskRoot, '/var/tmp/sem');
});
