import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toBackup, uniqueNames } from './to-backup.ts';
import { sampleSnapshot } from './sample.fixture.ts';

const suffixes = () => {
  let n = 0;
  return () => `rnd${String(n++).padStart(7, '0')}`;
};

test('uniqueNames keeps the first name of each kind and renames later duplicates "<name> - <10 chars>"', () => {
  const names = uniqueNames(
    [
      { id: 5, name: 'a' },
      { id: 2, name: 'a' },
      { id: 9, name: 'b' },
      { id: 7, name: 'a' },
    ],
    suffixes(),
  );
  assert.deepEqual(
    [...names.entries()].sort((x, y) => x[0] - y[0]),
    [
      [2, 'a'],
      [5, 'a - rnd0000000'],
      [7, 'a - rnd0000001'],
      [9, 'b'],
    ],
  );
});

test('a backup lists keys by name and type only, whatever else a key row holds', () => {
  const s = sampleSnapshot();
  (s.keys[1] as Record<string, unknown>).secret = 'c2VjcmV0';
  const doc = toBackup(s, suffixes());
  for (const k of doc.keys) assert.deepEqual(Object.keys(k).sort(), ['name', 'type']);
  assert.ok(!JSON.stringify(doc).includes('c2VjcmV0'));
});

const doc = toBackup(sampleSnapshot(), suffixes());
const tpl = (name: string) => doc.templates.find((t) => t.name === name)!;

const cases: Array<[string, () => unknown, unknown]> = [
  [
    'meta has the project fields and omits null ones',
    () => doc.meta,
    { name: 'homelab', alert: true, max_parallel_tasks: 2, type: '' },
  ],
  [
    'duplicate key names are renamed, and references follow the rename',
    () => doc.repositories[0].ssh_key,
    'deploy - rnd0000000',
  ],
  ['keys come sorted by name', () => doc.keys.map((k) => k.name), ['None', 'deploy', 'deploy - rnd0000000']],
  [
    'inventories name their keys and repository',
    () => doc.inventories.find((i) => i.name === 'files'),
    {
      name: 'files',
      inventory: 'inv/hosts',
      type: 'file',
      become_key: 'deploy - rnd0000000',
      repository: 'repo',
      runner_tag: 'eu',
    },
  ],
  [
    'environments carry name, json and env only',
    () => doc.environments.find((e) => e.name === 'vars'),
    { name: 'vars', json: '{"a":1}', env: '{"B":"2"}' },
  ],
  [
    'views come in position order with their titles',
    () => doc.views,
    [
      { title: 'Build', position: 0 },
      { title: 'Ops', position: 1 },
    ],
  ],
  [
    'a template names its inventory, environment and view',
    () => [tpl('build').inventory, tpl('build').environment, tpl('build').view, tpl('build').repository],
    ['prod', 'vars', 'Build', 'repo'],
  ],
  [
    'survey vars are an array and task params an object',
    () => [tpl('build').survey_vars, tpl('build').task_params],
    [[{ name: 'who', title: 'Who', required: true, type: '', description: '' }], { allow_debug: true }],
  ],
  [
    'vaults name their key',
    () => tpl('build').vaults,
    [{ name: 'prod', vault_key: 'deploy - rnd0000000', type: 'password' }],
  ],
  [
    'a deploy template names its build template',
    () => [tpl('deploy').type, tpl('deploy').build_template, tpl('deploy').arguments],
    ['deploy', 'build', '["-v"]'],
  ],
  ['a duplicate template name is renamed', () => tpl('deploy - rnd0000001').git_branch, 'dev'],
  [
    'cron is the first cron schedule of the template; run_at schedules do not count',
    () => tpl('deploy - rnd0000001').cron,
    '0 3 * * *',
  ],
  ['a template without schedule has no cron field', () => 'cron' in tpl('build'), false],
  [
    'null template fields are left out',
    () => ['description' in tpl('deploy'), 'git_branch' in tpl('deploy')],
    [false, false],
  ],
  [
    'integrations name their template and auth key, with matchers, values and aliases',
    () => doc.integrations[0],
    {
      name: 'hook',
      template: 'deploy',
      auth_method: 'token',
      auth_secret: 'deploy',
      auth_header: 'X-Token',
      searchable: false,
      aliases: ['hookalias'],
      matchers: [
        { name: 'm', match_type: 'body', method: 'equals', body_data_type: 'json', key: 'ref', value: 'main' },
      ],
      extract_values: [{ name: 'v', value_source: 'body', body_data_type: 'json', key: 'sha', variable: 'SHA' }],
    },
  ],
  ['project-level aliases are listed apart', () => doc.integration_aliases, ['zzzproject']],
];

for (const [name, actual, expected] of cases) {
  test(`backup: ${name}`, () => assert.deepEqual(actual(), expected));
}

test('a reference to an object that is gone is left out rather than invented', () => {
  const s = sampleSnapshot();
  s.inventories[0].ssh_key_id = 99;
  s.templates[0].view_id = 42;
  const d = toBackup(s, suffixes());
  assert.equal('ssh_key' in d.inventories.find((i) => i.name === 'prod')!, false);
  assert.equal('view' in d.templates.find((t) => t.name === 'build')!, false);
});

test('columns outside the backup format (ids, project ids, secrets) never reach the document', () => {
  const s = sampleSnapshot();
  const extra = (o: object) =>
    Object.assign(o, { project_id: 7654321, secret: 'SECRET-COLUMN', integration_id: 7654321 });
  s.keys.forEach(extra);
  s.repositories.forEach(extra);
  s.inventories.forEach(extra);
  s.environments.forEach(extra);
  for (const t of s.templates) t.vaults.forEach(extra);
  for (const i of s.integrations) [...i.matchers, ...i.extract_values].forEach(extra);
  const text = JSON.stringify(toBackup(s, () => 'xxxxxxxxxx'));
  for (const leak of ['7654321', 'SECRET-COLUMN', '"id"', 'project_id', 'integration_id'])
    assert.ok(!text.includes(leak), leak);
});
