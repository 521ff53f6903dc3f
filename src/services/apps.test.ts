import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appOptions, appsFromOptions, BUILTIN_APPS } from './apps.ts';

test('with no options, the built-in apps are listed with their defaults, highest priority first', () => {
  const apps = appsFromOptions({});
  assert.deepEqual(
    apps.map((a) => a.id),
    ['ansible', 'terraform', 'tofu', 'terragrunt', 'bash', 'python', 'powershell', 'pulumi'],
  );
  assert.deepEqual(apps[0], { id: 'ansible', ...BUILTIN_APPS.ansible });
});

const cases: Array<[string, Record<string, string>, string, Record<string, unknown>]> = [
  ['a stored title replaces the default', { 'apps.bash.title': 'Shell' }, 'bash', { title: 'Shell' }],
  ['active is read from "true"/"false"', { 'apps.ansible.active': 'false' }, 'ansible', { active: false }],
  ['args are a JSON array of strings', { 'apps.python.args': '["-u"]' }, 'python', { args: ['-u'] }],
  ['bad args keep the default', { 'apps.python.args': '{oops' }, 'python', { args: [] }],
  [
    'a priority that is not a number keeps the default',
    { 'apps.bash.priority': 'high' },
    'bash',
    { priority: BUILTIN_APPS.bash.priority },
  ],
  [
    'unknown fields and other options are ignored',
    { 'apps.bash.colour': 'red', 'apps.bash': 'x', email_host: 'smtp' },
    'bash',
    { color: BUILTIN_APPS.bash.color },
  ],
  [
    'an id that is not built in becomes a custom app, inactive until said otherwise',
    { 'apps.ruby.title': 'Ruby', 'apps.ruby.path': 'ruby' },
    'ruby',
    { title: 'Ruby', path: 'ruby', active: false },
  ],
];

for (const [name, options, id, expected] of cases) {
  test(`apps: ${name}`, () => {
    const app = appsFromOptions(options).find((a) => a.id === id)!;
    assert.ok(app, `${id} is listed`);
    for (const [field, value] of Object.entries(expected))
      assert.deepEqual(app[field as keyof typeof app], value, field);
  });
}

test('prototype names are never mistaken for built-in apps', () => {
  assert.equal(
    appsFromOptions({}).some((a) => a.id === 'constructor' || a.id === '__proto__'),
    false,
  );
  const custom = appsFromOptions({ 'apps.constructor.title': 'c' }).find((a) => a.id === 'constructor')!;
  assert.equal(custom.active, false);
});

test('appOptions stores only the fields given, as strings', () => {
  assert.deepEqual(appOptions('bash', { title: 'Shell', active: true, priority: 3, args: ['-e'] }), {
    'apps.bash.title': 'Shell',
    'apps.bash.active': 'true',
    'apps.bash.priority': '3',
    'apps.bash.args': '["-e"]',
  });
  assert.deepEqual(
    appsFromOptions(appOptions('bash', { title: 'Shell', args: ['-e'] })).find((a) => a.id === 'bash')!.args,
    ['-e'],
  );
});

test('the configuration sits between the defaults and what admins set (/api/apps options win)', () => {
  const configured = { bash: { path: '/opt/bash', args: ['-e'] }, ruby: { path: '/usr/bin/ruby', active: true } };
  const byId = (options: Record<string, string>) => new Map(appsFromOptions(options, configured).map((a) => [a.id, a]));
  const plain = byId({});
  assert.deepEqual(
    [plain.get('bash')?.path, plain.get('bash')?.args, plain.get('bash')?.title],
    ['/opt/bash', ['-e'], 'Bash'],
  );
  assert.deepEqual([plain.get('ruby')?.path, plain.get('ruby')?.active], ['/usr/bin/ruby', true]);
  assert.equal(plain.get('python')?.path, 'python3');
  const overridden = byId({ 'apps.bash.args': '["-x"]', 'apps.ruby.active': 'false' });
  assert.deepEqual([overridden.get('bash')?.path, overridden.get('bash')?.args], ['/opt/bash', ['-x']]);
  assert.equal(overridden.get('ruby')?.active, false);
});
