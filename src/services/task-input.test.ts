import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateTaskInput, type GateCaller, type GateTemplate, type TaskRequest } from '../domain/task-input-gate.ts';
import { originOfRow, requestOfRow, taskRowFields } from './task-input.ts';

const template: GateTemplate = {
  app: 'ansible',
  playbook: 'site.yml',
  gitBranch: null,
  inventoryId: 1,
  allowOverrideArgsInTask: true,
  allowOverrideBranchInTask: true,
  taskParams: {
    allow_debug: true,
    allow_override_inventory: true,
    allow_override_limit: true,
    allow_override_tags: true,
    allow_override_skip_tags: true,
    allow_destroy: true,
    allow_auto_approve: true,
  },
  surveyVarNames: [],
};
const manager: GateCaller = { mayEditTemplate: true, origin: 'user' };

const requests: TaskRequest[] = [
  {},
  {
    playbook: 'other.yml',
    environment: '{"a":1,"b":{"c":"d"}}',
    arguments: '["-v"]',
    git_branch: 'dev',
    commit_hash: 'abcd1234',
    inventory_id: 2,
  },
  {
    limit: 'a,b',
    debug: true,
    dry_run: true,
    diff: true,
    params: { limit: ['c'], tags: ['t'], skip_tags: ['s'], debug_level: 2 },
  },
  { params: { plan: true, destroy: true, auto_approve: true, upgrade: true, reconfigure: true } },
];

for (const [i, request] of requests.entries()) {
  test(`a stored row reads back as the input the gate accepted (case ${i})`, () => {
    const accepted = gateTaskInput(template, manager, request);
    assert.deepEqual(accepted.refusals, []);
    const row = taskRowFields(accepted.input);
    const again = gateTaskInput(template, manager, requestOfRow(row));
    assert.deepEqual(again.refusals, []);
    assert.deepEqual(again.input, accepted.input);
  });
}

test("a row's origin: its user, else its schedule, else its integration, else a build's autorun", () => {
  assert.equal(originOfRow({ user_id: 1, schedule_id: null, integration_id: null }), 'user');
  assert.equal(originOfRow({ user_id: null, schedule_id: 2, integration_id: null }), 'schedule');
  assert.equal(originOfRow({ user_id: null, schedule_id: null, integration_id: 3 }), 'integration');
  assert.equal(originOfRow({ user_id: null, schedule_id: null, integration_id: null }), 'autorun');
});
