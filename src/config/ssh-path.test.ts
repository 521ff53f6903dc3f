import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './index.ts';

const base = { SIGNALMAN_DATA_DIR: '/tmp/signalman-config-test' };

test('SIGNALMAN_SSH_PATH, or SEMAPHORE_SSH_PATH, names the ssh config file; unset, none', () => {
  assert.equal(loadConfig(base).sshConfigPath, undefined);
  assert.equal(loadConfig({ ...base, SEMAPHORE_SSH_PATH: '/etc/ssh/semaphore' }).sshConfigPath, '/etc/ssh/semaphore');
  assert.equal(
    loadConfig({ ...base, SEMAPHORE_SSH_PATH: '/a', SIGNALMAN_SSH_PATH: '/b' }).sshConfigPath,
    '/b',
    'the SIGNALMAN_ name wins',
  );
});

test('an ssh config path that is relative, or that could break out of its quotes, stops start-up', () => {
  for (const bad of ['ssh_config', "/etc/x' -oProxyCommand=id '", '/etc/"x', '/etc/a\\b', '/etc/a\nb'])
    assert.throws(() => loadConfig({ ...base, SIGNALMAN_SSH_PATH: bad }), /SIGNALMAN_SSH_PATH/, bad);
});
