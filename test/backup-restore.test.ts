// Project backup (GET /api/project/{id}/backup) and restore (POST /api/projects/restore), on SQLite
// and PostgreSQL: what a user downloads, that no secret leaves, and that a restore is all or nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import type { ApiClient } from './support/api-client.ts';
import { memberClient } from './support/members.ts';
import { createUser } from './support/users.ts';

const SECRETS = {
  privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nPRIVATE-KEY-MATERIAL-7f3a\n-----END OPENSSH PRIVATE KEY-----\n',
  passphrase: 'ssh-passphrase-91c2',
  vault: 'vault-password-55d1',
  string: 'plain-string-secret-0b7e',
  webhook: 'webhook-secret-a8f0',
  envVar: 'environment-var-secret-3e9d',
  envEnv: 'environment-env-secret-c41b',
};

async function ok<T = any>(res: Promise<{ status: number; body: T; text: string }>, status: number): Promise<T> {
  const r = await res;
  assert.equal(r.status, status, r.text);
  return r.body;
}

/** A project with one of everything a backup holds, made through the API. */
async function richProject(api: ApiClient): Promise<number> {
  const pid = (
    await ok(
      api.post('/api/projects', {
        name: `backup ${Math.random().toString(36).slice(2, 8)}`,
        alert: true,
        max_parallel_tasks: 3,
      }),
      201,
    )
  ).id;
  const p = (path: string) => `/api/project/${pid}${path}`;
  const keyId = async (name: string) =>
    (await ok(api.get(p('/keys')), 200)).find((k: { name: string }) => k.name === name).id as number;
  await ok(
    api.post(p('/keys'), {
      name: 'deploy ssh',
      type: 'ssh',
      ssh: { login: 'root', passphrase: SECRETS.passphrase, private_key: SECRETS.privateKey },
    }),
    204,
  );
  await ok(
    api.post(p('/keys'), {
      name: 'vault',
      type: 'login_password',
      login_password: { login: 'v', password: SECRETS.vault },
    }),
    204,
  );
  await ok(api.post(p('/keys'), { name: 'token', type: 'string', string: SECRETS.string }), 204);
  await ok(
    api.post(p('/keys'), {
      name: 'webhook',
      type: 'login_password',
      login_password: { login: '', password: SECRETS.webhook },
    }),
    204,
  );
  await ok(
    api.post(p('/environment'), {
      name: 'prod vars',
      json: '{"region":"eu"}',
      env: '{"MODE":"prod"}',
      secrets: [
        { type: 'var', name: 'db_password', secret: SECRETS.envVar },
        { type: 'env', name: 'API_TOKEN', secret: SECRETS.envEnv },
      ],
    }),
    204,
  );
  const envId = (await ok(api.get(p('/environment')), 200)).find((e: { name: string }) => e.name === 'prod vars').id;
  const ssh = await keyId('deploy ssh');
  const vault = await keyId('vault');
  await ok(
    api.post(p('/repositories'), {
      name: 'app',
      git_url: 'https://example.com/app.git',
      git_branch: 'main',
      ssh_key_id: ssh,
    }),
    204,
  );
  const repoId = (await ok(api.get(p('/repositories')), 200))[0].id;
  const inv = await ok(
    api.post(p('/inventory'), {
      name: 'prod hosts',
      inventory: '[web]\nweb1',
      type: 'static',
      ssh_key_id: ssh,
      become_key_id: vault,
    }),
    201,
  );
  const view = await ok(api.post(p('/views'), { title: 'Deploys', position: 0 }), 201);
  const build = await ok(
    api.post(p('/templates'), {
      name: 'build app',
      app: 'bash',
      playbook: 'build.sh',
      repository_id: repoId,
      inventory_id: inv.id,
      environment_id: envId,
      view_id: view.id,
      type: 'build',
      start_version: '1.0.0',
      arguments: '["-x"]',
      survey_vars: [{ name: 'who', title: 'Who' }],
      vaults: [{ vault_key_id: vault, type: 'password' }],
    }),
    201,
  );
  const deploy = await ok(
    api.post(p('/templates'), {
      name: 'deploy app',
      app: 'bash',
      playbook: 'deploy.sh',
      repository_id: repoId,
      type: 'deploy',
      build_template_id: build.id,
      autorun: true,
    }),
    201,
  );
  await ok(api.post(p('/schedules'), { template_id: build.id, cron_format: '0 3 * * *', name: 'nightly' }), 201);
  const hook = await ok(
    api.post(p('/integrations'), {
      name: 'push hook',
      template_id: deploy.id,
      auth_method: 'token',
      auth_secret_id: await keyId('webhook'),
      auth_header: 'X-Token',
    }),
    201,
  );
  await ok(
    api.post(p(`/integrations/${hook.id}/matchers`), {
      name: 'branch',
      match_type: 'body',
      method: 'equals',
      body_data_type: 'json',
      key: 'ref',
      value: 'main',
    }),
    200,
  );
  await ok(
    api.post(p(`/integrations/${hook.id}/values`), {
      name: 'sha',
      value_source: 'body',
      body_data_type: 'json',
      key: 'after',
      variable: 'SHA',
    }),
    201,
  );
  await ok(api.post(p(`/integrations/${hook.id}/aliases`)), 200);
  await ok(api.post(p('/integrations/aliases')), 200);
  return pid;
}

/** Aliases are unique on a server, so a restore next to the original gets new ones: compare their number. */
function withoutAliases(doc: any) {
  return {
    ...doc,
    integration_aliases: doc.integration_aliases.length,
    integrations: doc.integrations.map((i: any) => ({ ...i, aliases: i.aliases.length })),
  };
}

async function rowCounts(stack: InProcessStack) {
  const db = stack.db;
  return Promise.all([
    db.project.count(),
    db.projectUser.count(),
    db.accessKey.count(),
    db.repository.count(),
    db.inventory.count(),
    db.environment.count(),
    db.view.count(),
    db.template.count(),
    db.templateVault.count(),
    db.schedule.count(),
    db.integration.count(),
    db.integrationAlias.count(),
    db.integrationMatcher.count(),
    db.integrationExtractValue.count(),
    db.event.count(),
  ]);
}

for (const kind of DB_KINDS) {
  describe(`project backup and restore on ${kind}`, () => {
    let stack: InProcessStack;
    let pid: number;
    let backup: any;
    let backupText: string;

    before(async () => {
      stack = await startInProcess(kind);
      pid = await richProject(stack.admin);
      const res = await stack.admin.get(`/api/project/${pid}/backup`);
      assert.equal(res.status, 200, res.text);
      backup = res.body;
      backupText = res.text;
    });
    after(async () => stack?.close());

    test("the backup is Semaphore's document: meta and every section, references by name", () => {
      assert.deepEqual(Object.keys(backup).sort(), [
        'environments',
        'integration_aliases',
        'integrations',
        'inventories',
        'keys',
        'meta',
        'repositories',
        'templates',
        'views',
      ]);
      assert.equal(backup.meta.alert, true);
      assert.equal(backup.meta.max_parallel_tasks, 3);
      assert.deepEqual(backup.repositories, [
        { name: 'app', git_url: 'https://example.com/app.git', git_branch: 'main', ssh_key: 'deploy ssh' },
      ]);
      assert.deepEqual(backup.inventories, [
        { name: 'prod hosts', inventory: '[web]\nweb1', type: 'static', ssh_key: 'deploy ssh', become_key: 'vault' },
      ]);
      assert.deepEqual(backup.views, [{ title: 'Deploys', position: 0 }]);
      const build = backup.templates.find((t: any) => t.name === 'build app');
      assert.equal(build.cron, '0 3 * * *');
      assert.equal(build.view, 'Deploys');
      assert.equal(build.environment, 'prod vars');
      assert.deepEqual(build.vaults, [{ vault_key: 'vault', type: 'password' }]);
      assert.equal(build.survey_vars[0].name, 'who');
      const deploy = backup.templates.find((t: any) => t.name === 'deploy app');
      assert.equal(deploy.build_template, 'build app');
      assert.equal(backup.integrations[0].template, 'deploy app');
      assert.equal(backup.integrations[0].auth_secret, 'webhook');
      assert.equal(backup.integrations[0].aliases.length, 1);
      assert.equal(backup.integration_aliases.length, 1);
    });

    test('no secret leaves in a backup: keys are name and type only, environment secrets are absent', async () => {
      for (const secret of Object.values(SECRETS))
        assert.ok(!backupText.includes(secret), `backup carries "${secret}"`);
      for (const line of SECRETS.privateKey.split('\n').filter(Boolean)) assert.ok(!backupText.includes(line));
      const stored = await stack.db.accessKey.findMany({
        where: { project_id: pid, secret: { not: null } },
        select: { secret: true },
      });
      assert.ok(stored.length >= 6);
      for (const { secret } of stored)
        assert.ok(!backupText.includes(secret!), 'backup carries a stored (encrypted) secret');
      for (const k of backup.keys) assert.deepEqual(Object.keys(k).sort(), ['name', 'type']);
      assert.deepEqual(
        backup.keys.map((k: any) => k.name),
        ['None', 'deploy ssh', 'token', 'vault', 'webhook'],
      );
      assert.ok(!/db_password|API_TOKEN/.test(backupText), 'environment secret names are not exported either');
      assert.deepEqual(Object.keys(backup.environments.find((e: any) => e.name === 'prod vars')).sort(), [
        'env',
        'json',
        'name',
      ]);
    });

    test('any member may download the backup; a non-member gets 404; an anonymous caller 401', async () => {
      const guest = await memberClient(stack, pid, 'guest');
      assert.equal((await guest.get(`/api/project/${pid}/backup`)).status, 200);
      const outsider = await createUser(stack, 'outsider');
      assert.equal((await outsider.api.get(`/api/project/${pid}/backup`)).status, 404);
      assert.equal((await stack.anonymous.get(`/api/project/${pid}/backup`)).status, 401);
    });

    test('restore then backup again gives an equivalent document; the caller owns the new project', async () => {
      // Restoring makes the caller owner, so it needs what creating a project needs (see access-project-creation.test.ts).
      const user = await createUser(stack, 'restorer', { admin: true });
      const res = await user.api.post('/api/projects/restore', backup);
      assert.equal(res.status, 200, res.text);
      const project = res.body;
      assert.notEqual(project.id, pid);
      assert.equal(project.name, backup.meta.name);
      assert.deepEqual((await user.api.get(`/api/project/${project.id}/role`)).body, {
        role: 'owner',
        permissions: 15,
      });
      const again = await user.api.get(`/api/project/${project.id}/backup`);
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(withoutAliases(again.body), withoutAliases(backup));
      const aliases = [...again.body.integration_aliases, ...again.body.integrations.flatMap((i: any) => i.aliases)];
      for (const alias of aliases) assert.ok(!backupText.includes(alias), 'aliases taken on this server are replaced');
      // Keys come back empty, to be filled in; the cron template got its schedule.
      const keys = (await user.api.get(`/api/project/${project.id}/keys`)).body;
      assert.ok(keys.length === 5 && keys.every((k: any) => k.empty === true));
      const schedules = (await user.api.get(`/api/project/${project.id}/schedules`)).body;
      assert.deepEqual(
        schedules.map((s: any) => [s.cron_format, s.tpl_name, s.active]),
        [['0 3 * * *', 'build app', true]],
      );
    });

    test('a restored backup of another server keeps its aliases when they are free', async () => {
      const doc = structuredClone(backup);
      doc.integration_aliases = ['freeproject0001'];
      doc.integrations[0].aliases = ['freehook0000001'];
      const res = await stack.admin.post('/api/projects/restore', doc);
      assert.equal(res.status, 200, res.text);
      const again = (await stack.admin.get(`/api/project/${res.body.id}/backup`)).body;
      assert.deepEqual(again.integration_aliases, ['freeproject0001']);
      assert.deepEqual(again.integrations[0].aliases, ['freehook0000001']);
    });

    test('a hostile or malformed backup is refused with 400 naming the problem, and nothing is written', async () => {
      const before = await rowCounts(stack);
      const broken: Array<[string, unknown, RegExp]> = [
        ['not JSON at all', 'not json', /not valid JSON/],
        ['an array', [], /^body: must be a project backup/],
        ['no meta', { ...backup, meta: undefined }, /^meta: /],
        [
          'a repository whose key is missing',
          { ...backup, keys: backup.keys.filter((k: any) => k.name !== 'deploy ssh') },
          /^repositories\.0\.ssh_key: no key named "deploy ssh"/,
        ],
        [
          'a deploy template without build template',
          { ...backup, templates: backup.templates.map((t: any) => ({ ...t, build_template: null })) },
          /build_template: is required for deploy templates/,
        ],
        [
          'a bad cron',
          { ...backup, templates: backup.templates.map((t: any) => (t.cron ? { ...t, cron: '61 * * * *' } : t)) },
          /cron: minute/,
        ],
        ['duplicate key names', { ...backup, keys: [...backup.keys, backup.keys[1]] }, /names more than one key/],
        [
          'an option-like git URL',
          { ...backup, repositories: [{ ...backup.repositories[0], git_url: '--upload-pack=id' }] },
          /git_url: must not start with "-"/,
        ],
        [
          'an alias used twice',
          { ...backup, integration_aliases: [backup.integrations[0].aliases[0]] },
          /appears more than once/,
        ],
        [
          'a prototype-polluting name',
          {
            ...backup,
            keys: [...backup.keys, { name: '__proto__', type: 'none' }, { name: '__proto__', type: 'ssh' }],
          },
          /"__proto__" names more than one key/,
        ],
      ];
      for (const [what, body, message] of broken) {
        const res = await stack.admin.post('/api/projects/restore', body);
        assert.equal(res.status, 400, `${what}: ${res.status} ${res.text}`);
        assert.match(res.body.error, message, what);
      }
      assert.equal((await stack.anonymous.post('/api/projects/restore', backup)).status, 401);
      assert.deepEqual(await rowCounts(stack), before, 'no row was written');
    });
  });
}
