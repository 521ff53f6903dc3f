import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan, pathsToLocate } from './plan.ts';
import { details, inventory, material, planInput } from './plan-fixture.ts';
import { UnsupportedAppError } from './run-plan.ts';

test('the paths each app needs checked in the working copy, before anything is written', () => {
  const cases: Array<[string, ReturnType<typeof details>, ReturnType<typeof material>, string[]]> = [
    [
      'ansible, static inventory',
      details({}),
      material({ inventory: inventory('static', 'h') }),
      ['script test.yml playbook'],
    ],
    [
      'ansible, inventory file',
      details({ input: { playbook: 'other.yml' } }),
      material({ inventory: inventory('file', 'hosts') }),
      ['script other.yml playbook', 'inventoryFile hosts inventory file'],
    ],
    [
      'bash, a file inventory is not read',
      details({ app: 'bash' }),
      material({ inventory: inventory('file', 'h') }),
      ['script test.yml playbook'],
    ],
    ['tofu', details({ app: 'tofu' }), material(), ['directory test.yml terraform directory']],
  ];
  for (const [name, d, m, expected] of cases)
    assert.deepEqual(
      pathsToLocate(d, m, 'run').map((p) => `${p.as} ${p.relative} ${p.what}`),
      expected,
      name,
    );
});

test('an unknown app, or an apply phase of an app without one, is refused before anything is checked', () => {
  assert.throws(() => pathsToLocate(details({ app: 'pulumi' }), material(), 'run'), UnsupportedAppError);
  assert.throws(() => pathsToLocate(details({ app: 'bash' }), material(), 'apply'), /app "bash" has no apply phase/);
  assert.throws(
    () => buildPlan(planInput(details({ app: 'pulumi' }), material()), 'run'),
    /app "pulumi" is not supported yet/,
  );
  assert.throws(() => buildPlan(planInput(details({}), material()), 'apply'), /app "ansible" has no apply phase/);
});

test('each app gets its own plan', () => {
  const command = (app: string) =>
    buildPlan(planInput(details({ app }), material({ inventory: inventory('static', 'h') })), 'run').steps.map(
      (s) => s.command,
    );
  assert.deepEqual(command('ansible'), ['ansible-playbook']);
  assert.deepEqual(command('python'), ['python3']);
  assert.deepEqual(command('terragrunt'), ['terragrunt', 'terragrunt', 'terragrunt', 'terragrunt']);
});
