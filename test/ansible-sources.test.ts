// Issue 11 with a real ansible-playbook: a script vault (a script of the repository prints the
// password) opens a vaulted file; a `file` inventory is read from its own repository (cloned over
// https with its own key, at its own branch); the debug level shows ansible's verbose output only
// where the template allows debug; skip_galaxy_install leaves out ansible-galaxy only where allowed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, toolPaths } from '../src/config/index.ts';
import { temporalTaskEngine } from '../src/temporal/task-engine.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { startGitHttp, type GitHttpServer } from './support/git-servers.ts';

const VAULT_PASSWORD = 'script-vault-pw-42';
const HTTP_PASSWORD = 'inv-HTTP-pass-77';
const LOCAL = 'ansible_connection=local ansible_python_interpreter=auto_silent';

function vaultEncrypt(content: string): string {
  const dir = workDir('vault');
  const plain = join(dir, 'secret.yml');
  const pass = join(dir, 'pass');
  writeFileSync(plain, content);
  writeFileSync(pass, VAULT_PASSWORD);
  execFileSync(join(toolPaths(loadConfig())[0], 'ansible-vault'), ['encrypt', '--vault-password-file', pass, plain]);
  return execFileSync('cat', [plain], { encoding: 'utf8' });
}

function gitIn(repo: TestRepo, ...args: string[]) {
  execFileSync('git', args, {
    cwd: repo.path,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
}

describe('ansible: script vaults, inventories from their own repository, debug level, skip_galaxy_install', () => {
  let stack: InProcessStack;
  let http: GitHttpServer;
  let f: ProjectFixture;
  let inventoryRepo: TestRepo;

  const p = () => f.projectId;
  async function template(body: Record<string, unknown>) {
    const res = await stack.admin.post(`/api/project/${p()}/templates`, {
      name: `t ${Math.random().toString(36).slice(2, 8)}`,
      app: 'ansible',
      playbook: 'hosts.yml',
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      environment_id: f.environmentId,
      ...body,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  }
  async function finished(taskId: number) {
    const task = await stack.admin.waitForTask(p(), taskId, undefined, 180_000);
    return { status: task.status as string, out: (await stack.admin.output(p(), taskId)).join('\n') };
  }
  async function run(templateId: number, body: Record<string, unknown> = {}) {
    return finished(await runTask(stack.admin, p(), templateId, body));
  }
  /** A task row as an older version or a Semaphore database stored it, run without the API's gate. */
  async function runStored(templateId: number, row: Record<string, unknown>) {
    const task = await stack.db.task.create({
      data: { project_id: p(), template_id: templateId, status: 'waiting', ...row },
    });
    await temporalTaskEngine(stack.client, stack.db, stack.config).start(task.id);
    return finished(task.id);
  }
  async function addKey(body: Record<string, unknown>) {
    assert.equal((await stack.admin.post(`/api/project/${p()}/keys`, body)).status, 204);
    return (await stack.admin.get(`/api/project/${p()}/keys`)).body.find((k: { name: string }) => k.name === body.name)
      .id as number;
  }

  before(async () => {
    stack = await startInProcess('sqlite');
    http = await startGitHttp('inventory-reader', HTTP_PASSWORD);
    const roleRepo = makeRepo({
      'meta/main.yml':
        'galaxy_info:\n  author: t\n  description: greeter\n  license: MIT\n  min_ansible_version: "2.9"\ndependencies: []\n',
      'tasks/main.yml': '- debug:\n    msg: "role greeter ran"\n',
    });
    const repo = makeRepo({
      'hosts.yml':
        '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "host={{ inventory_hostname }}"\n',
      'vault.yml':
        '- hosts: all\n  gather_facts: false\n  vars_files: [secret.yml]\n  tasks:\n    - debug:\n        msg: "vaulted={{ vaulted_value }}"\n',
      'secret.yml': vaultEncrypt('vaulted_value: opened-by-the-script\n'),
      'vault/pass.sh': `#!/bin/sh\necho '${VAULT_PASSWORD}'\n`,
      'roles/requirements.yml': `- src: git+file://${roleRepo.path}\n  name: greeter\n  version: main\n`,
    });
    // A link in the repository that leads out of it, named like a vault script.
    symlinkSync('/usr/bin/id', join(repo.path, 'vault', 'escape.sh'));
    gitIn(repo, 'add', '-A');
    gitIn(repo, 'commit', '-q', '-m', 'a link out');
    f = await createProjectWithRepo(stack.admin, repo.url);
    const inv = await stack.admin.get(`/api/project/${p()}/inventory/${f.inventoryId}`);
    assert.equal(
      (
        await stack.admin.put(`/api/project/${p()}/inventory/${f.inventoryId}`, {
          ...inv.body,
          inventory: `localhost ${LOCAL}\n`,
        })
      ).status,
      204,
    );
    // The inventory's repository: only there, only on its branch "inventories", only with its password.
    inventoryRepo = makeRepo(
      { 'hosts/prod.ini': `only-in-inventory-repo ${LOCAL}\nalso-only-there ${LOCAL}\n` },
      'inventory',
      'inventories',
    );
  });
  after(async () => {
    await http?.stop();
    await stack?.close();
  });

  test('a script vault: the repository script prints the password and the vaulted file opens', async () => {
    const id = await template({
      playbook: 'vault.yml',
      vaults: [{ name: 'ops', type: 'script', script: 'vault/pass.sh' }],
    });
    const { status, out } = await run(id);
    assert.equal(status, 'success', out);
    assert.match(out, /vaulted=opened-by-the-script/);
    assert.ok(!out.includes(VAULT_PASSWORD), 'the password never reaches the log');
    // Without the vault the same playbook cannot open the file.
    const without = await run(await template({ playbook: 'vault.yml' }));
    assert.equal(without.status, 'error', without.out);
  });

  test('a script vault path that leaves the working copy is refused: 400 on save, an error before anything runs', async () => {
    for (const script of ['/usr/bin/id', '../../../usr/bin/id', 'vault/../../x.sh']) {
      const res = await stack.admin.post(`/api/project/${p()}/templates`, {
        name: 'escaping vault',
        app: 'ansible',
        playbook: 'vault.yml',
        repository_id: f.repositoryId,
        inventory_id: f.inventoryId,
        vaults: [{ type: 'script', script }],
      });
      assert.equal(res.status, 400, script);
      assert.match(
        res.body.error,
        /^vaults\.0\.script: script ".*" must (be a path inside|stay inside) the repository/,
      );
    }
    // A link inside the repository that points out of it: the run ends in an error, nothing runs.
    const linked = await template({ playbook: 'vault.yml', vaults: [{ type: 'script', script: 'vault/escape.sh' }] });
    const { status, out } = await run(linked);
    assert.equal(status, 'error', out);
    assert.match(out, /vault "default" script "vault\/escape.sh" leads outside the repository/);
    assert.doesNotMatch(out, /PLAY \[/);
  });

  test('a file inventory is read from its own repository, with its key and at its branch', async () => {
    const key = await addKey({
      name: 'inventory repo',
      type: 'login_password',
      login_password: { login: 'inventory-reader', password: HTTP_PASSWORD },
    });
    assert.equal(
      (
        await stack.admin.post(`/api/project/${p()}/repositories`, {
          name: 'inventories',
          git_url: http.url(inventoryRepo.path),
          git_branch: 'inventories',
          ssh_key_id: key,
        })
      ).status,
      204,
    );
    const invRepoId = (await stack.admin.get(`/api/project/${p()}/repositories`)).body.find(
      (r: { name: string }) => r.name === 'inventories',
    ).id;
    const inv = await stack.admin.post(`/api/project/${p()}/inventory`, {
      name: 'from its repository',
      type: 'file',
      inventory: 'hosts/prod.ini',
      repository_id: invRepoId,
      ssh_key_id: f.keyId,
    });
    assert.equal(inv.status, 201, inv.text);
    const { status, out } = await run(await template({ inventory_id: inv.body.id }));
    assert.equal(status, 'success', out);
    assert.match(out, /host=only-in-inventory-repo/);
    assert.match(out, /host=also-only-there/);
    assert.doesNotMatch(out, /host=localhost/);
    assert.ok(!out.includes(HTTP_PASSWORD));

    // The same file named against the template's repository does not exist there.
    const local = await stack.admin.post(`/api/project/${p()}/inventory`, {
      name: 'in the template repository',
      type: 'file',
      inventory: 'hosts/prod.ini',
      ssh_key_id: f.keyId,
    });
    const missing = await run(await template({ inventory_id: local.body.id }));
    assert.equal(missing.status, 'error');
    assert.match(missing.out, /inventory file "hosts\/prod.ini" not found in the repository/);
  });

  test("an inventory cannot name another project's repository, on create or on update", async () => {
    const other = await createProjectWithRepo(stack.admin, inventoryRepo.url);
    const body = { name: 'foreign', type: 'file', inventory: 'hosts/prod.ini', ssh_key_id: f.keyId };
    const before = (await stack.admin.get(`/api/project/${p()}/inventory`)).body.length;
    const created = await stack.admin.post(`/api/project/${p()}/inventory`, {
      ...body,
      repository_id: other.repositoryId,
    });
    assert.equal(created.status, 400, created.text);
    assert.match(created.body.error, /^repository_id: repository \d+ not found in project/);
    assert.equal((await stack.admin.get(`/api/project/${p()}/inventory`)).body.length, before);
    const mine = await stack.admin.post(`/api/project/${p()}/inventory`, body);
    const updated = await stack.admin.put(`/api/project/${p()}/inventory/${mine.body.id}`, {
      ...body,
      id: mine.body.id,
      repository_id: other.repositoryId,
    });
    assert.equal(updated.status, 400, updated.text);
    assert.equal((await stack.admin.get(`/api/project/${p()}/inventory/${mine.body.id}`)).body.repository_id, null);
  });

  test("debug level: ansible's verbose output with allow_debug, none without", async () => {
    const VERBOSE = /ansible-playbook \[core /; // said from -vv up
    const CONFIG_LINE = /No config file found|as config file/; // said from -v up
    const allowed = await template({ task_params: { allow_debug: true } });
    const verbose = await run(allowed, { debug: true, params: { debug_level: 2 } });
    assert.equal(verbose.status, 'success', verbose.out);
    assert.match(verbose.out, VERBOSE);
    const quiet = await run(allowed, { debug: true, params: { debug_level: 1 } });
    assert.match(quiet.out, /host=localhost/);
    assert.match(quiet.out, CONFIG_LINE);
    assert.doesNotMatch(quiet.out, VERBOSE, 'level 1 is -v only');

    const plain = await template({});
    const refused = await stack.admin.post(`/api/project/${p()}/tasks`, {
      template_id: plain,
      debug: true,
      params: { debug_level: 3 },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /^debug: the template does not allow debug in tasks \(allow_debug\)/);
    const stored = await runStored(plain, { debug: true, params: JSON.stringify({ debug_level: 3 }) });
    assert.equal(stored.status, 'success', stored.out);
    assert.match(stored.out, /Ignored debug: /);
    assert.doesNotMatch(stored.out, VERBOSE);
    assert.doesNotMatch(stored.out, CONFIG_LINE);
  });

  test('skip_galaxy_install: no ansible-galaxy where the template allows it or sets it; ignored otherwise', async () => {
    const GALAXY = /galaxy|requirements/i;
    const allowing = await template({ task_params: { allow_override_skip_galaxy_install: true } });
    const skipped = await run(allowing, { params: { skip_galaxy_install: true } });
    assert.equal(skipped.status, 'success', skipped.out);
    assert.match(skipped.out, /host=localhost/);
    assert.doesNotMatch(skipped.out, GALAXY);
    const installed = await run(allowing);
    assert.match(installed.out, /Installing roles from roles\/requirements.yml/);

    const bySetting = await run(await template({ task_params: { skip_galaxy_install: true } }));
    assert.equal(bySetting.status, 'success', bySetting.out);
    assert.doesNotMatch(bySetting.out, GALAXY);

    const plain = await template({});
    const refused = await stack.admin.post(`/api/project/${p()}/tasks`, {
      template_id: plain,
      params: { skip_galaxy_install: true },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /^params\.skip_galaxy_install: the template does not allow/);
    const stored = await runStored(plain, { params: JSON.stringify({ skip_galaxy_install: true }) });
    assert.equal(stored.status, 'success', stored.out);
    assert.match(stored.out, /Ignored params\.skip_galaxy_install: /);
    assert.match(stored.out, /Installing roles from roles\/requirements.yml/);
  });
});
