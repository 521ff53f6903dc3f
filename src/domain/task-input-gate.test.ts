import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateTaskInput, refusalText, type GateCaller, type GateTemplate, type TaskRequest } from './task-input-gate.ts';
import { isDeniedProcessVariable } from './process-env-deny-list.ts';

const template: GateTemplate = {
  app: 'ansible',
  playbook: 'site.yml',
  gitBranch: 'main',
  inventoryId: 7,
  allowOverrideArgsInTask: false,
  allowOverrideBranchInTask: false,
  taskParams: {},
  surveyVarNames: ['region', 'ansible_user'],
};
const runner: GateCaller = { mayEditTemplate: false, origin: 'user' };
const manager: GateCaller = { mayEditTemplate: true, origin: 'user' };
const allowingAll: GateTemplate = {
  ...template,
  allowOverrideArgsInTask: true,
  allowOverrideBranchInTask: true,
  taskParams: {
    allow_debug: true,
    allow_override_inventory: true,
    allow_override_limit: true,
    allow_override_tags: true,
    allow_override_skip_tags: true,
    allow_override_skip_galaxy_install: true,
  },
};

const refusals = (t: GateTemplate, c: GateCaller, r: TaskRequest) => gateTaskInput(t, c, r).refusals.map(refusalText);

test("Semaphore UI's untouched fields are not overrides, for any caller and any template", () => {
  const uiDefault: TaskRequest = {
    playbook: '',
    environment: '{}',
    secret: '{}',
    arguments: '[]',
    git_branch: '',
    commit_hash: null,
    inventory_id: null,
    limit: '',
    debug: false,
    dry_run: false,
    diff: false,
    params: {
      debug: false,
      limit: [],
      tags: [],
      skip_tags: [],
      debug_level: 4,
      skip_galaxy_install: false,
      plan: false,
      auto_approve: false,
    },
  };
  for (const caller of [runner, manager, { mayEditTemplate: false, origin: 'autorun' } as GateCaller]) {
    const result = gateTaskInput(template, caller, uiDefault);
    assert.deepEqual(result.refusals, []);
    assert.equal(result.input.playbook, null);
    assert.equal(result.input.gitBranch, null);
    assert.deepEqual(result.input.arguments, []);
    assert.deepEqual(result.input.limit, []);
  }
  // The template's own values sent back are not overrides either.
  assert.deepEqual(refusals(template, runner, { playbook: 'site.yml', git_branch: 'main', inventory_id: 7 }), []);
});

const flagCases: Array<[string, TaskRequest, string]> = [
  [
    'git_branch',
    { git_branch: 'feature' },
    'git_branch: the template does not allow another branch in tasks (allow_override_branch_in_task)',
  ],
  [
    'commit_hash',
    { commit_hash: 'abcdef12' },
    'commit_hash: the template does not allow another commit in tasks (allow_override_branch_in_task)',
  ],
  [
    'arguments',
    { arguments: '["--flush-cache"]' },
    'arguments: the template does not allow arguments in tasks (allow_override_args_in_task)',
  ],
  [
    'inventory_id',
    { inventory_id: 9 },
    'inventory_id: the template does not allow another inventory in tasks (allow_override_inventory)',
  ],
  ['limit', { limit: 'web1' }, 'limit: the template does not allow limit in tasks (allow_override_limit)'],
  [
    'params.limit',
    { params: { limit: ['web1'] } },
    'params.limit: the template does not allow limit in tasks (allow_override_limit)',
  ],
  [
    'params.tags',
    { params: { tags: ['deploy'] } },
    'params.tags: the template does not allow tags in tasks (allow_override_tags)',
  ],
  [
    'params.skip_tags',
    { params: { skip_tags: ['slow'] } },
    'params.skip_tags: the template does not allow skip_tags in tasks (allow_override_skip_tags)',
  ],
  ['debug', { debug: true }, 'debug: the template does not allow debug in tasks (allow_debug)'],
  [
    'params.debug',
    { params: { debug: true } },
    'params.debug: the template does not allow debug in tasks (allow_debug)',
  ],
  [
    'params.debug_level',
    { params: { debug_level: 6 } },
    'params.debug_level: the template does not allow debug in tasks (allow_debug)',
  ],
  [
    'params.skip_galaxy_install',
    { params: { skip_galaxy_install: true } },
    'params.skip_galaxy_install: the template does not allow skipping the galaxy install in tasks (allow_override_skip_galaxy_install)',
  ],
];

for (const [field, request, refusal] of flagCases) {
  test(`${field} is refused for every caller while the template's flag is off, and accepted when it is on`, () => {
    for (const caller of [runner, manager]) assert.deepEqual(refusals(template, caller, request), [refusal]);
    assert.deepEqual(refusals(allowingAll, runner, request), []);
  });
}

test('accepted overrides come out typed, limits from both places together', () => {
  const { input, refusals: none } = gateTaskInput(allowingAll, runner, {
    git_branch: 'feature',
    commit_hash: 'ABCDEF12',
    arguments: '["-e","x=1"]',
    inventory_id: 9,
    limit: 'a, b',
    debug: true,
    params: { limit: ['c'], tags: 'x,y', skip_tags: ['z'], debug_level: 2, skip_galaxy_install: true },
    dry_run: true,
  });
  assert.deepEqual(none, []);
  assert.deepEqual(
    { ...input, terraform: undefined },
    {
      playbook: null,
      environment: {},
      secret: {},
      arguments: ['-e', 'x=1'],
      gitBranch: 'feature',
      commitHash: 'ABCDEF12',
      inventoryId: 9,
      limit: ['a', 'b', 'c'],
      tags: ['x', 'y'],
      skipTags: ['z'],
      debug: true,
      debugLevel: 2,
      skipGalaxyInstall: true,
      dryRun: true,
      diff: false,
      terraform: undefined,
    },
  );
});

test('variables: a task runner may set survey variables only; a manager any identifier not reserved', () => {
  assert.deepEqual(refusals(template, runner, { environment: '{"region":"eu"}', secret: '{"region":"x"}' }), []);
  assert.deepEqual(refusals(template, runner, { environment: '{"other":1}' }), [
    'environment: variable "other" is not a survey variable of the template; only members who may edit the template can set other variables',
  ]);
  assert.match(
    refusals(template, runner, { secret: '{"other":1}' })[0],
    /^secret: variable "other" is not a survey variable/,
  );
  assert.deepEqual(refusals(template, manager, { environment: '{"other":1}' }), []);
});

const reservedNames: Array<[string, RegExp]> = [
  ['ansible_ssh_common_args', /ansible_ variables/],
  ['ANSIBLE_SSH_COMMON_ARGS', /would change how processes of the task start/],
  ['Ansible_Ssh_Executable', /ansible_ variables/],
  ['ansible_python_interpreter', /ansible_ variables/],
  ['ansible_connection', /ansible_ variables/],
  ['ansible_become_exe', /ansible_ variables/],
  ['BASH_ENV', /would change how processes/],
  ['LD_PRELOAD', /would change how processes/],
  ['PYTHONSTARTUP', /would change how processes/],
  ['GIT_SSH_COMMAND', /would change how processes/],
  ['TF_CLI_ARGS_plan', /would change how processes/],
  ['id > /tmp/x; y', /must be an identifier/],
  ['-c', /must be an identifier/],
  ['1abc', /must be an identifier/],
];

for (const [name, why] of reservedNames) {
  test(`variable ${JSON.stringify(name)} is refused from any caller, in environment and in secret`, () => {
    for (const caller of [runner, manager, { mayEditTemplate: true, origin: 'integration' } as GateCaller]) {
      for (const field of ['environment', 'secret'] as const) {
        const result = gateTaskInput(template, caller, { [field]: JSON.stringify({ [name]: 'x' }) });
        assert.equal(result.refusals.length, 1);
        assert.equal(result.refusals[0].field, field);
        assert.match(result.refusals[0].why, why);
        assert.deepEqual(result.input[field], {}, 'the refused variable is dropped');
      }
    }
  });
}

test('an ansible_ variable the template declares as a survey variable is accepted, from a task runner too', () => {
  assert.deepEqual(refusals(template, runner, { environment: '{"ansible_user":"deploy"}' }), []);
});

test('terraform variable names may contain "-"; shell and ansible ones may not', () => {
  assert.deepEqual(refusals({ ...template, app: 'terraform' }, manager, { environment: '{"instance-count":2}' }), []);
  assert.match(
    refusals({ ...template, app: 'bash' }, manager, { environment: '{"instance-count":2}' })[0],
    /must be an identifier/,
  );
});

test('another playbook only from a caller who may edit the template', () => {
  assert.deepEqual(refusals(template, runner, { playbook: '-c' }), [
    'playbook: only members who may edit the template may run another playbook or script',
  ]);
  for (const origin of ['schedule', 'integration', 'autorun'] as const) {
    assert.equal(refusals(template, { mayEditTemplate: false, origin }, { playbook: 'other.yml' }).length, 1);
  }
  assert.equal(gateTaskInput(template, manager, { playbook: 'other.yml' }).input.playbook, 'other.yml');
  assert.deepEqual(refusals(template, manager, { playbook: '../x.yml' }), [
    'playbook: must stay inside the repository (no "..")',
  ]);
});

test('params that are not task parameters are refused unless empty; bad types name the field', () => {
  assert.deepEqual(
    refusals(template, manager, {
      params: { ansible_ssh_common_args: '-o ProxyCommand=x', environment: '{"a":1}', unknown: '' },
    }),
    ['params.ansible_ssh_common_args: is not a task parameter', 'params.environment: is not a task parameter'],
  );
  assert.deepEqual(refusals(allowingAll, manager, { params: { debug_level: 9 } }), [
    'params.debug_level: must be a whole number from 1 to 6',
  ]);
  assert.deepEqual(refusals(allowingAll, manager, { params: { tags: [1] } }), [
    'params.tags: must be a comma-separated text or a list of texts',
  ]);
  assert.deepEqual(refusals(template, manager, { environment: '[1]' }), ['environment: must be a JSON object']);
  assert.deepEqual(refusals(template, manager, { arguments: '{"a":1}' }), [
    'arguments: must be a JSON array of strings',
  ]);
});

test('terraform: destroy and auto approve only where the template allows them', () => {
  const tf = { ...template, app: 'terraform' };
  assert.deepEqual(refusals({ ...tf, taskParams: { allow_destroy: false } }, manager, { params: { destroy: true } }), [
    'params.destroy: the template does not allow destroy (allow_destroy)',
  ]);
  assert.deepEqual(refusals(tf, manager, { params: { auto_approve: true } }), [
    'params.auto_approve: the template does not allow auto approve (allow_auto_approve)',
  ]);
  const ok = gateTaskInput({ ...tf, taskParams: { allow_auto_approve: true } }, runner, {
    params: { plan: true, destroy: true, auto_approve: true },
  });
  assert.deepEqual(ok.refusals, []);
  assert.deepEqual(ok.input.terraform, {
    plan: true,
    destroy: true,
    autoApprove: true,
    upgrade: false,
    reconfigure: false,
  });
});

test('every refusal is reported and dropped, so a stored row can be run with the rest', () => {
  const result = gateTaskInput(template, runner, {
    git_branch: 'x',
    limit: 'web',
    environment: '{"region":"eu","ansible_connection":"local"}',
    message: 'ignored',
  } as TaskRequest);
  assert.deepEqual(result.refusals.map((r) => r.field).sort(), ['environment', 'git_branch', 'limit']);
  assert.deepEqual(result.input.environment, { region: 'eu' });
  assert.equal(result.input.gitBranch, null);
  assert.deepEqual(result.input.limit, []);
});

test('the deny list matches names as written', () => {
  assert.equal(isDeniedProcessVariable('ENV'), true);
  assert.equal(isDeniedProcessVariable('env'), false);
  assert.equal(isDeniedProcessVariable('PATH'), true);
  assert.equal(isDeniedProcessVariable('SSH_AUTH_SOCK'), true);
  assert.equal(isDeniedProcessVariable('REGION'), false);
});
