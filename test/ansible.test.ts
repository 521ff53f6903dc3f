// Real ansible-playbook runs (ansible-core from PyPI, installed by setup) against
// localhost with a local connection: extra vars, secrets, env, limit, tags, a vault-encrypted file
// and a galaxy role pulled from a local git repository.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, toolPaths } from '../src/config/index.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';

const VAULT_PASSWORD = 'vault-pass-123';
const ansibleBin = (name: string) => join(toolPaths(loadConfig())[0], name);

function vaultEncrypt(content: string): string {
  const dir = workDir('vault');
  const plain = join(dir, 'secret.yml');
  const pass = join(dir, 'pass');
  writeFileSync(plain, content);
  writeFileSync(pass, VAULT_PASSWORD);
  execFileSync(ansibleBin('ansible-vault'), ['encrypt', '--vault-password-file', pass, plain]);
  return execFileSync('cat', [plain], { encoding: 'utf8' });
}

const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars_files:
    - secret.yml
  tasks:
    - name: greet
      debug:
        msg: "greeting={{ who }} id={{ semaphore_vars.task_details.id }}"
      tags: [greet]
    - name: env
      debug:
        msg: "region={{ lookup('env', 'REGION') }}"
      tags: [env]
    - name: vault
      debug:
        msg: "vaulted={{ vaulted_value }}"
      tags: [vault]
    - name: secret
      debug:
        msg: "token={{ api_token }}"
      tags: [secret]
    - name: host
      debug:
        msg: "host={{ inventory_hostname }}"
      tags: [host]
    - name: task variable
      debug:
        msg: "task_var={{ injected | default('none') }}"
      tags: [taskvar]
    - name: role
      include_role:
        name: greeter
      tags: [role]
`;

describe('ansible executor with a real ansible-playbook', () => {
  let stack: InProcessStack;
  let repo: TestRepo;
  let f: ProjectFixture;
  let templateId = 0;

  before(async () => {
    stack = await startInProcess('sqlite');
    const roleRepo = makeRepo({
      'meta/main.yml':
        'galaxy_info:\n  author: t\n  description: greeter\n  license: MIT\n  min_ansible_version: "2.9"\ndependencies: []\n',
      'tasks/main.yml': '- debug:\n    msg: "role greeter ran"\n',
    });
    repo = makeRepo({
      'site.yml': PLAYBOOK,
      'secret.yml': vaultEncrypt('vaulted_value: from-the-vault\n'),
      'roles/requirements.yml': `- src: git+file://${roleRepo.path}\n  name: greeter\n  version: main\n`,
    });
    f = await createProjectWithRepo(stack.admin, repo.url, {
      extraVars: { who: 'world' },
      envVars: { REGION: 'eu-west' },
    });
    const api = stack.admin;
    const p = f.projectId;
    assert.equal(
      (
        await api.post(`/api/project/${p}/keys`, {
          name: 'vault',
          type: 'login_password',
          login_password: { login: '', password: VAULT_PASSWORD },
        })
      ).status,
      204,
    );
    const vaultKey = (await api.get(`/api/project/${p}/keys`)).body.find(
      (k: { name: string }) => k.name === 'vault',
    ).id;
    const inv = await api.post(`/api/project/${p}/inventory`, {
      name: 'two hosts',
      type: 'static',
      inventory:
        'alpha ansible_connection=local ansible_python_interpreter=auto_silent\nbeta ansible_connection=local ansible_python_interpreter=auto_silent\n',
    });
    const env = (await api.get(`/api/project/${p}/environment/${f.environmentId}`)).body;
    assert.equal(
      (
        await api.put(`/api/project/${p}/environment/${f.environmentId}`, {
          ...env,
          secrets: [{ type: 'var', name: 'api_token', secret: 'tok-SECRET-987', operation: 'create' }],
        })
      ).status,
      204,
    );
    const tpl = await api.post(`/api/project/${p}/templates`, {
      name: 'site',
      app: 'ansible',
      playbook: 'site.yml',
      repository_id: f.repositoryId,
      inventory_id: inv.body.id,
      environment_id: f.environmentId,
      vaults: [{ name: null, vault_key_id: vaultKey }],
      task_params: { allow_override_tags: true, allow_override_limit: true },
    });
    assert.equal(tpl.status, 201, tpl.text);
    templateId = tpl.body.id;
  });
  after(async () => stack?.close());

  test('a playbook runs with extra vars, env vars, the vault, secrets masked and a galaxy role', async () => {
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000);
    const out = (await stack.admin.output(f.projectId, taskId)).join('\n');
    assert.equal(task.status, 'success', out);
    assert.match(out, new RegExp(`greeting=world id=${taskId}`));
    assert.match(out, /region=eu-west/);
    assert.match(out, /vaulted=from-the-vault/);
    assert.match(out, /token=\*{10}/, 'the secret var reached the playbook and is masked in the log');
    assert.doesNotMatch(out, /tok-SECRET-987/);
    assert.doesNotMatch(out, new RegExp(VAULT_PASSWORD));
    assert.match(out, /role greeter ran/);
    assert.match(out, /host=alpha/);
    assert.match(out, /host=beta/);
  });

  test('the second run skips the unchanged galaxy requirements', async () => {
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000)).status, 'success');
    const out = (await stack.admin.output(f.projectId, taskId)).join('\n');
    assert.match(out, /role requirements have no changes/);
  });

  test('limit and tags narrow the run', async () => {
    const taskId = await runTask(stack.admin, f.projectId, templateId, { limit: 'beta', params: { tags: ['host'] } });
    const task = await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000);
    const out = (await stack.admin.output(f.projectId, taskId)).join('\n');
    assert.equal(task.status, 'success', out);
    assert.match(out, /host=beta/);
    assert.doesNotMatch(out, /host=alpha/);
    assert.doesNotMatch(out, /greeting=/);
  });

  test('hostile extra vars reach the playbook literally and run nothing', async () => {
    const marker = join(workDir('hostile'), 'pwned');
    const taskId = await runTask(stack.admin, f.projectId, templateId, {
      environment: JSON.stringify({ injected: `$(touch ${marker}); \`touch ${marker}\`` }),
      params: { tags: ['host'] },
      limit: 'alpha',
    });
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000)).status, 'success');
    assert.throws(() => execFileSync('test', ['-e', marker]));
  });

  test("a task variable's value is data, never a template: a Jinja lookup in it runs nothing (issue 9)", async () => {
    const marker = join(workDir('hostile'), 'pwned');
    const lookup = `{{ lookup('pipe', 'touch ${marker}') }}`;
    const taskId = await runTask(stack.admin, f.projectId, templateId, {
      environment: JSON.stringify({ injected: lookup }),
      params: { tags: ['taskvar'] },
    });
    const task = await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000);
    const out = (await stack.admin.output(f.projectId, taskId)).join('\n');
    assert.equal(task.status, 'success', out);
    assert.ok(out.includes(`task_var={{ lookup('pipe', 'touch ${marker}') }}`), out);
    assert.throws(() => execFileSync('test', ['-e', marker]));
  });
});
