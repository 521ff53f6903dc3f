import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInput } from '../../contracts/input-check.ts';
import { backupBody } from '../../contracts/backup.ts';
import { BadRequestError } from '../errors.ts';
import { planRestore, type RestorePlan } from './restore-plan.ts';
import { toBackup } from './to-backup.ts';
import type { ProjectSnapshot } from './format.ts';
import { sampleSnapshot } from './sample.fixture.ts';

const noAliasesTaken = { takenAliases: new Set<string>(), newAlias: () => 'fresh' };
/** The body as the API would take it: a contract problem is the 400 the route would answer. */
function checked(raw: unknown) {
  const result = checkInput(backupBody, raw);
  if (!result.ok) throw new BadRequestError(result.message);
  return result.data;
}
const plan = (raw: unknown, opts = noAliasesTaken) => planRestore(checked(raw), opts);

/** What the database would hold after writing `p`: ids handed out in order, names resolved. */
function snapshotOf(p: RestorePlan): ProjectSnapshot {
  const ids = <T>(items: T[], name: (t: T) => string) => new Map(items.map((t, i) => [name(t), i + 1]));
  const keys = ids(p.keys, (k) => k.name);
  const repos = ids(p.repositories, (r) => r.name);
  const invs = ids(p.inventories, (i) => i.name);
  const envs = ids(p.environments, (e) => e.name);
  const views = ids(p.views, (v) => v.title);
  const tpls = ids(p.templates, (t) => t.row.name);
  const id = (m: Map<string, number>, n: string | null) => (n === null ? null : m.get(n)!);
  let vaultId = 0;
  return {
    project: p.project,
    keys: p.keys.map((k) => ({ id: keys.get(k.name)!, ...k })),
    repositories: p.repositories.map((r) => ({
      id: repos.get(r.name)!,
      name: r.name,
      git_url: r.git_url,
      git_branch: r.git_branch,
      ssh_key_id: id(keys, r.ssh_key)!,
    })),
    inventories: p.inventories.map((i) => ({
      id: invs.get(i.name)!,
      name: i.name,
      inventory: i.inventory,
      type: i.type,
      runner_tag: i.runner_tag,
      ssh_key_id: id(keys, i.ssh_key),
      become_key_id: id(keys, i.become_key),
      repository_id: id(repos, i.repository),
    })),
    environments: p.environments.map((e) => ({ id: envs.get(e.name)!, ...e })),
    views: p.views.map((v) => ({ id: views.get(v.title)!, ...v })),
    templates: p.templates.map((t) => ({
      id: tpls.get(t.row.name)!,
      ...t.row,
      repository_id: id(repos, t.repository)!,
      inventory_id: id(invs, t.inventory),
      environment_id: id(envs, t.environment),
      view_id: id(views, t.view),
      build_template_id: id(tpls, t.build_template),
      vaults: t.vaults.map((v) => ({
        id: ++vaultId,
        name: v.name,
        type: v.type,
        script: v.script,
        vault_key_id: id(keys, v.vault_key),
      })),
    })),
    schedules: p.templates.flatMap((t, i) =>
      t.cron ? [{ id: i + 1, template_id: tpls.get(t.row.name)!, cron_format: t.cron, type: '' }] : [],
    ),
    integrations: p.integrations.map((g, i) => ({
      id: i + 1,
      ...g.row,
      template_id: tpls.get(g.template)!,
      auth_secret_id: id(keys, g.auth_secret),
      matchers: g.matchers.map((m, j) => ({ id: j + 1, ...m })),
      extract_values: g.extract_values.map((v, j) => ({ id: j + 1, ...v })),
    })),
    aliases: [
      ...p.projectAliases.map((alias) => ({ alias, integration_id: null })),
      ...p.integrations.flatMap((g, i) => g.aliases.map((alias) => ({ alias, integration_id: i + 1 }))),
    ],
  };
}

const suffix = () => 'abcdefghij';

test('backup → restore plan → backup gives the same document', () => {
  const first = toBackup(sampleSnapshot(), suffix);
  const again = toBackup(snapshotOf(plan(JSON.parse(JSON.stringify(first)))), () =>
    assert.fail('no duplicates after a restore'),
  );
  assert.deepEqual(again, first);
});

test('templates are restored in the order of §6.4: the others first, then deploy templates', () => {
  const doc = toBackup(sampleSnapshot(), suffix);
  const order = plan(doc).templates.map((t) => t.row.type);
  assert.deepEqual(
    order,
    [...order].sort((a, b) => Number(a === 'deploy') - Number(b === 'deploy')),
  );
});

test("Semaphore's own example document (OpenAPI ProjectBackup) is accepted", () => {
  const p = plan({
    meta: { name: 'homelab', alert: true, alert_chat: 'Test', max_parallel_tasks: 0 },
    templates: [
      {
        inventory: 'Build',
        repository: 'Demo',
        environment: 'Empty',
        name: 'Build',
        playbook: 'build.yml',
        arguments: '[]',
        allow_override_args_in_task: false,
        description: 'Build Job',
        vault_key: null,
        type: 'build',
        start_version: '1.0.0',
        build_template: null,
        view: 'Build',
        autorun: false,
        survey_vars: [],
        suppress_success_alerts: false,
        cron: '* * * * *',
      },
    ],
    repositories: [
      { name: 'Demo', git_url: 'https://github.com/semaphoreui/demo-project.git', git_branch: 'main', ssh_key: 'None' },
    ],
    keys: [
      { name: 'None', type: 'none' },
      { name: 'Vault Password', type: 'login_password' },
    ],
    views: [{ title: 'Build', position: 0 }],
    inventories: [{ name: 'Build', inventory: '', ssh_key: 'None', become_key: 'None', type: 'static' }],
    environments: [{ name: 'Empty', password: null, json: '{}', env: null }],
  });
  assert.equal(p.templates[0].cron, '* * * * *');
  assert.equal(p.templates[0].row.app, 'ansible');
  assert.deepEqual(p.templates[0].vaults, []);
});

test('a legacy single vault_key becomes one vault', () => {
  const p = plan({
    meta: { name: 'p' },
    keys: [
      { name: 'k', type: 'login_password' },
      { name: 'n', type: 'none' },
    ],
    repositories: [{ name: 'r', git_url: 'https://x/y.git', ssh_key: 'n' }],
    templates: [{ name: 't', playbook: 'a.yml', repository: 'r', vault_key: 'k' }],
  });
  assert.deepEqual(p.templates[0].vaults, [{ name: null, type: 'password', script: null, vault_key: 'k' }]);
});

test('aliases already taken on this server are replaced by fresh ones; free ones are kept', () => {
  const doc = toBackup(sampleSnapshot(), suffix);
  let n = 0;
  const p = plan(doc, { takenAliases: new Set(['hookalias']), newAlias: () => `new${n++}` });
  assert.deepEqual(p.integrations[0].aliases, ['new0']);
  assert.deepEqual(p.projectAliases, ['zzzproject']);
});

const base = () => ({
  meta: { name: 'p' },
  keys: [{ name: 'None', type: 'none' }],
  repositories: [{ name: 'r', git_url: 'https://x/y.git', git_branch: 'main', ssh_key: 'None' }],
  inventories: [] as unknown[],
  environments: [{ name: 'Empty', json: '{}' }],
  views: [] as unknown[],
  templates: [{ name: 'build', type: 'build', playbook: 'b.yml', repository: 'r' }] as Array<Record<string, unknown>>,
  integrations: [] as unknown[],
  integration_aliases: [] as unknown[],
});

const bad: Array<[string, (b: ReturnType<typeof base>) => unknown, RegExp]> = [
  ['not an object', () => 'hello', /^body: must be a project backup/],
  ['no meta', (b) => ({ ...b, meta: undefined }), /^meta: /],
  ['a project without a name', (b) => ({ ...b, meta: { name: '' } }), /^meta\.name: must not be empty/],
  [
    'two keys of one name',
    (b) => ({ ...b, keys: [...b.keys, { name: 'None', type: 'ssh' }] }),
    /^keys\.1\.name: "None" names more than one key/,
  ],
  ['an unknown key type', (b) => ({ ...b, keys: [{ name: 'None', type: 'rsa' }] }), /^keys\.0\.type: must be one of/],
  [
    'a repository whose key is not in the backup',
    (b) => ({ ...b, repositories: [{ ...b.repositories[0], ssh_key: 'ghost' }] }),
    /^repositories\.0\.ssh_key: no key named "ghost" in the backup/,
  ],
  [
    'a git URL that looks like an option',
    (b) => ({ ...b, repositories: [{ ...b.repositories[0], git_url: '--upload-pack=touch /tmp/x' }] }),
    /^repositories\.0\.git_url: must not start with "-"/,
  ],
  [
    'an inventory with an unknown become key',
    (b) => ({ ...b, inventories: [{ name: 'i', become_key: 'ghost' }] }),
    /^inventories\.0\.become_key: no key named "ghost"/,
  ],
  [
    'a file inventory outside the repository',
    (b) => ({ ...b, inventories: [{ name: 'i', type: 'file', inventory: '../../etc/hosts' }] }),
    /^inventories\.0\.inventory: .*"\.\."/,
  ],
  [
    'environment json that is not an object',
    (b) => ({ ...b, environments: [{ name: 'e', json: '[1]' }] }),
    /^environments\.0\.json: must be a JSON object/,
  ],
  [
    'a template whose repository is missing',
    (b) => ({ ...b, templates: [{ name: 't', playbook: 'a.yml', repository: 'nope' }] }),
    /^templates\.0\.repository: no repository named "nope"/,
  ],
  [
    'a template with no repository at all',
    (b) => ({ ...b, templates: [{ name: 't', playbook: 'a.yml' }] }),
    /^templates\.0\.repository: /,
  ],
  [
    'a template with an unknown view',
    (b) => ({ ...b, templates: [{ ...b.templates[0], view: 'v' }] }),
    /^templates\.0\.view: no view named "v"/,
  ],
  [
    'a deploy template without build_template',
    (b) => ({ ...b, templates: [...b.templates, { name: 'd', type: 'deploy', playbook: 'd.yml', repository: 'r' }] }),
    /^templates\.1\.build_template: is required for deploy templates/,
  ],
  [
    'a deploy template whose build template is not in the backup',
    (b) => ({
      ...b,
      templates: [{ name: 'd', type: 'deploy', playbook: 'd.yml', repository: 'r', build_template: 'gone' }],
    }),
    /^templates\.0\.build_template: no template named "gone"/,
  ],
  [
    'a deploy template built by another deploy template',
    (b) => ({
      ...b,
      templates: [
        ...b.templates,
        { name: 'd1', type: 'deploy', playbook: 'd.yml', repository: 'r', build_template: 'build' },
        { name: 'd2', type: 'deploy', playbook: 'd.yml', repository: 'r', build_template: 'd1' },
      ],
    }),
    /^templates\.2\.build_template: "d1" is a deploy template/,
  ],
  [
    'an invalid cron',
    (b) => ({ ...b, templates: [{ ...b.templates[0], cron: '* * *' }] }),
    /^templates\.0\.cron: expected 5 fields/,
  ],
  [
    'a playbook that leaves the repository',
    (b) => ({ ...b, templates: [{ ...b.templates[0], playbook: '../../x.yml' }] }),
    /^templates\.0\.playbook: must stay inside/,
  ],
  [
    'an ansible template without playbook',
    (b) => ({ ...b, templates: [{ ...b.templates[0], playbook: '' }] }),
    /^templates\.0\.playbook: is required/,
  ],
  [
    'an unknown app',
    (b) => ({ ...b, templates: [{ ...b.templates[0], app: 'rm -rf' }] }),
    /^templates\.0\.app: must be an app id/,
  ],
  [
    'arguments that are not a JSON array of strings',
    (b) => ({ ...b, templates: [{ ...b.templates[0], arguments: '{"a":1}' }] }),
    /^templates\.0\.arguments: must be a JSON array of strings/,
  ],
  [
    'a vault with an unknown key',
    (b) => ({ ...b, templates: [{ ...b.templates[0], vaults: [{ vault_key: 'ghost' }] }] }),
    /^templates\.0\.vaults\.0\.vault_key: no key named "ghost"/,
  ],
  [
    'two templates of one name',
    (b) => ({ ...b, templates: [b.templates[0], b.templates[0]] }),
    /^templates\.1\.name: "build" names more than one template/,
  ],
  [
    'an integration for a missing template',
    (b) => ({ ...b, integrations: [{ name: 'i', template: 'nope' }] }),
    /^integrations\.0\.template: no template named "nope"/,
  ],
  [
    'an alias with odd characters',
    (b) => ({ ...b, integration_aliases: ['../../x'] }),
    /^integration_aliases\.0: must be 1 to 64 letters/,
  ],
  [
    'one alias twice',
    (b) => ({ ...b, integration_aliases: ['dup'], integrations: [{ name: 'i', template: 'build', aliases: ['dup'] }] }),
    /^integration_aliases\.0: alias "dup" appears more than once/,
  ],
  [
    'a script vault whose script leaves the repository',
    (b) => ({ ...b, templates: [{ ...b.templates[0], vaults: [{ type: 'script', script: '../../usr/bin/id' }] }] }),
    /^templates\.0\.vaults\.0\.script: script "\.\.\/\.\.\/usr\/bin\/id" must stay inside the repository/,
  ],
  ['a section that is not a list', (b) => ({ ...b, keys: { None: 'none' } }), /^keys: must be an array/],
  ['a name that is not a string', (b) => ({ ...b, keys: [{ name: 42, type: 'none' }] }), /^keys\.0\.name: /],
];

for (const [what, make, message] of bad) {
  test(`restore refuses ${what}`, () => {
    assert.throws(
      () => plan(make(base())),
      (err: Error) => {
        assert.ok(err instanceof BadRequestError, `${err}`);
        assert.match(err.message, message);
        return true;
      },
    );
  });
}

test('the minimal valid backup plans cleanly', () => {
  const p = plan(base());
  assert.equal(p.templates.length, 1);
  assert.equal(p.keys.length, 1);
});

test('a template of an app that admins added (a custom app id) is restored with its app', () => {
  const p = plan({ ...base(), templates: [{ ...base().templates[0], app: 'myapp' }] });
  assert.equal(p.templates[0].row.app, 'myapp');
});
