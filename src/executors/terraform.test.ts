import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TerraformArgumentError,
  applyCommand,
  autoApproves,
  planCommand,
  secretVarEnv,
  setupCommands,
  type TerraformInput,
} from './terraform.ts';

const base: TerraformInput = {
  app: 'terraform',
  workspace: 'staging',
  extraVars: { region: 'eu', count: 2, semaphore_vars: { task_details: {} } },
  templateArgs: ['-parallelism=4'],
  taskArgs: ['-refresh=false'],
  params: {},
};

test('init without a lock, then workspace select -or-create when workspace list works', () => {
  assert.deepEqual(setupCommands(base), [
    { label: 'init', args: ['init', '-lock=false', '-input=false'] },
    { label: 'workspace list', args: ['workspace', 'list'], probe: true },
    { label: 'workspace', args: ['workspace', 'select', '-or-create=true', 'staging'], needs: 'workspace list' },
  ]);
});

test('terragrunt drives terraform (--tf-path) and wraps the workspace commands in run --', () => {
  const commands = setupCommands({ ...base, app: 'terragrunt', workspace: '' });
  assert.deepEqual(
    commands.map((c) => c.args),
    [
      ['init', '--tf-path=terraform', '-lock=false', '-input=false'],
      ['run', '--tf-path=terraform', '--', 'workspace', 'list'],
      ['run', '--tf-path=terraform', '--', 'workspace', 'select', '-or-create=true', 'default'],
    ],
  );
  const input = { ...base, app: 'terragrunt' as const, extraVars: {}, templateArgs: [], taskArgs: [] };
  assert.deepEqual(planCommand(input).args, ['plan', '--tf-path=terraform', '-lock=false', '-input=false']);
  assert.deepEqual(applyCommand(input).args, ['apply', '--tf-path=terraform', '-input=false', '-auto-approve']);
});

test('upgrade and reconfigure go to init', () => {
  assert.deepEqual(setupCommands({ ...base, params: { upgrade: true, reconfigure: true } })[0].args, [
    'init',
    '-lock=false',
    '-input=false',
    '-upgrade',
    '-reconfigure',
  ]);
});

test('plan passes extra vars as -var (not semaphore_vars), then template and task arguments', () => {
  assert.deepEqual(planCommand(base).args, [
    'plan',
    '-lock=false',
    '-input=false',
    '-var',
    'region=eu',
    '-var',
    'count=2',
    '-parallelism=4',
    '-refresh=false',
  ]);
});

test('destroy adds -destroy to plan and apply; apply auto-approves and takes the lock', () => {
  const input = { ...base, params: { destroy: true }, extraVars: {}, templateArgs: [], taskArgs: [] };
  assert.deepEqual(planCommand(input).args, ['plan', '-lock=false', '-input=false', '-destroy']);
  assert.deepEqual(applyCommand(input).args, ['apply', '-input=false', '-auto-approve', '-destroy']);
});

test('secret vars become TF_VAR_ environment variables', () => {
  assert.deepEqual(secretVarEnv({ db_password: 'x' }), { TF_VAR_db_password: 'x' });
});

test('auto approve: template setting, or allowed by the template and asked by the task', () => {
  assert.equal(autoApproves({ auto_approve: true }, {}), true);
  assert.equal(autoApproves({ allow_auto_approve: true }, { autoApprove: true }), true);
  assert.equal(autoApproves({}, { autoApprove: true }), false);
  assert.equal(autoApproves({ allow_auto_approve: true }, {}), false);
});

test('hostile values stay inside one argument', () => {
  const args = planCommand({ ...base, extraVars: { x: '"; rm -rf / #' }, templateArgs: [], taskArgs: [] }).args;
  assert.deepEqual(args, ['plan', '-lock=false', '-input=false', '-var', 'x="; rm -rf / #']);
});

test('variable names that would change what -var means, and workspaces starting with "-", are refused', () => {
  for (const name of ['-c', 'a=b', '1x', '']) {
    assert.throws(() => planCommand({ ...base, extraVars: { [name]: '1' } }), TerraformArgumentError, name);
  }
  assert.deepEqual(planCommand({ ...base, extraVars: { 'instance-count': 2 }, templateArgs: [], taskArgs: [] }).args, [
    'plan',
    '-lock=false',
    '-input=false',
    '-var',
    'instance-count=2',
  ]);
  assert.throws(() => setupCommands({ ...base, workspace: '-chdir=/' }), TerraformArgumentError);
});
