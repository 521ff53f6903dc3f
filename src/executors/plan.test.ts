import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan, pathsToLocate } from './plan.ts';
import { details, inventory, material, planInput, REPO, WS } from './plan-fixture.ts';

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

test('an apply phase of an app without one is refused before anything is checked', () => {
  assert.throws(() => pathsToLocate(details({ app: 'bash' }), material(), 'apply'), /app "bash" has no apply phase/);
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
  assert.deepEqual(command('pulumi'), ['pulumi']);
  assert.deepEqual(command('myapp'), ['myapp']);
});

test("every app runs the admins' path with their args first", () => {
  const steps = (app: string, path: string, args: string[]) =>
    buildPlan(
      planInput(
        details({ app, details: { app: { id: app, path, args } } }),
        material({ inventory: inventory('static', 'h') }),
      ),
      'run',
    ).steps.map((s) => [s.command, ...s.args.slice(0, args.length + 1)].join(' '));
  assert.deepEqual(steps('ansible', '/opt/ansible/bin/ansible-playbook', ['-v']), [
    '/opt/ansible/bin/ansible-playbook -v -i',
  ]);
  assert.deepEqual(steps('tofu', '/opt/tofu', ['-chdir=infra']), [
    '/opt/tofu -chdir=infra init',
    '/opt/tofu -chdir=infra workspace',
    '/opt/tofu -chdir=infra workspace',
    '/opt/tofu -chdir=infra plan',
  ]);
  assert.deepEqual(steps('pulumi', '/opt/pulumi-wrapper', ['up']), [`/opt/pulumi-wrapper up ${REPO}/test.yml`]);
});

test('the configured task environment goes under what the plan sets', () => {
  const d = details({ app: 'bash', details: { envVars: { MINE: 'environment' } } });
  const [step] = buildPlan(
    planInput(d, material(), { baseEnv: { MINE: 'config', FROM_CONFIG: 'yes', PATH: '/evil', HOME: '/root' } }),
    'run',
  ).steps;
  assert.equal(step.env.MINE, 'environment');
  assert.equal(step.env.FROM_CONFIG, 'yes');
  assert.equal(step.env.PATH, '/usr/bin:/bin');
  assert.equal(step.env.HOME, WS);
});

test("a run's app must be the template's", () => {
  const d = details({ app: 'bash', details: { app: { id: 'python', path: 'python3', args: [] } } });
  assert.throws(() => buildPlan(planInput(d, material()), 'run'), /is not the template's app/);
});
