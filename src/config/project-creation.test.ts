import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './index.ts';

const base = { SIGNALMAN_DATA_DIR: '/tmp/signalman-config-test' };

test('non-admin project creation is off unless set; 1, true and yes (any case) turn it on, as Semaphore reads booleans', () => {
  assert.equal(loadConfig(base).nonAdminCanCreateProject, false);
  for (const yes of ['1', 'true', 'TRUE', 'yes', 'Yes']) {
    assert.equal(
      loadConfig({ ...base, SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: yes }).nonAdminCanCreateProject,
      true,
      yes,
    );
    assert.equal(
      loadConfig({ ...base, SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT: yes }).nonAdminCanCreateProject,
      true,
      yes,
    );
  }
  for (const no of ['', '0', 'false', 'no', 'NO']) {
    assert.equal(
      loadConfig({ ...base, SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: no }).nonAdminCanCreateProject,
      false,
      no,
    );
  }
});

test('SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT wins over the SEMAPHORE_ name, and a word that is neither yes nor no stops start-up', () => {
  const both = {
    ...base,
    SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT: 'false',
    SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: 'true',
  };
  assert.equal(loadConfig(both).nonAdminCanCreateProject, false);
  assert.throws(
    () => loadConfig({ ...base, SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT: 'ture' }),
    /NON_ADMIN_CAN_CREATE_PROJECT\): must be true or false \(in the environment: 1, true, yes/,
  );
});
