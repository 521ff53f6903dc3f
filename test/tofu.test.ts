// OpenTofu tasks against the REAL `tofu` (built by `npm run setup:tofu` into .tools/bin, which is
// on every task's PATH), offline: `terraform_data` resources and the local backend, whose state
// lies outside the working copy (the working copy goes with the task) where the test reads it as
// a user would. Plan, waiting_confirmation, confirm, the applied state; reject; "No changes.";
// plan only, destroy; workspaces, and a backend without them (http, served by the test, where
// `workspace list` and `workspace select` fail); values from extra vars, environment variables and secrets
// reaching tofu, the secret never on its command line. Without the binary (no Go) the suite is
// skipped with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { makeRepo } from './support/git-repo.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { tofuSkip } from './support/tofu.ts';

const skip = tofuSkip;

const SECRET = 'pw-SECRET-42';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the colours tofu prints
const plain = (lines: string[]) => lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));

interface State {
  resources: Array<{ type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }>;
  outputs: Record<string, { value: unknown }>;
}

/** Each test is reported as skipped, with the reason, when the binary is not there. */
const it = (name: string, fn: () => Promise<void>) => test(name, { skip }, fn);

describe('OpenTofu tasks (real tofu)', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let states: string;
  /** Terraform's http backend, as the test serves it: the state last stored under each path. */
  let httpBackend: Server;
  const httpStates = new Map<string, string>();

  /** The state the local backend keeps for `dir` (and workspace `ws`), or null before any apply. */
  const state = (dir: string, ws = 'default'): State | null => {
    const file = ws === 'default' ? join(states, `${dir}.tfstate`) : join(states, `${dir}.d`, ws, 'terraform.tfstate');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : null;
  };
  const resources = (dir: string, ws?: string) => (state(dir, ws)?.resources ?? []).map((r) => `${r.type}.${r.name}`);
  const output = async (taskId: number) => plain(await stack.admin.output(f.projectId, taskId));

  const template = async (dir: string, extra: Record<string, unknown> = {}) => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: `tofu ${dir} ${Math.random()}`,
      app: 'tofu',
      playbook: dir,
      repository_id: f.repositoryId,
      environment_id: f.environmentId,
      ...extra,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  };
  const finished = async (taskId: number, status = 'success') => {
    const task = await stack.admin.waitForTask(f.projectId, taskId, ['success', 'error', 'stopped'], 120_000);
    assert.equal(task.status, status, (await output(taskId)).join('\n'));
  };

  before(async () => {
    if (skip) return;
    httpBackend = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        if (req.method === 'POST') httpStates.set(path, body);
        if (req.method === 'GET' && !httpStates.has(path)) res.statusCode = 404;
        res.end(req.method === 'GET' ? httpStates.get(path) : undefined);
      });
    });
    await new Promise<void>((done) => httpBackend.listen(0, '127.0.0.1', done));
    const httpAddress = `http://127.0.0.1:${(httpBackend.address() as AddressInfo).port}/flat`;
    states = workDir('tofu-state'); // open to the task user, who runs tofu
    const config = (dir: string, body: string) =>
      `terraform {
  backend "local" {
    path          = "${states}/${dir}.tfstate"
    workspace_dir = "${states}/${dir}.d"
  }
}
variable "region" { type = string } # every task of the project passes -var region=eu
${body}`;
    const repo = makeRepo({
      // The provisioner keeps the command line of the tofu that applies (its parent) for the test.
      'apply/main.tf': config(
        'apply',
        `variable "owner" { type = string }
variable "db_password" { type = string }
resource "terraform_data" "server" {
  input = { region = var.region, owner = var.owner }
  provisioner "local-exec" {
    command = "cat /proc/$PPID/cmdline > ${states}/apply-cmdline"
  }
}
output "region" { value = terraform_data.server.output.region }
output "owner" { value = terraform_data.server.output.owner }
output "db_password" {
  value     = var.db_password
  sensitive = true
}
`,
      ),
      'reject/main.tf': config('reject', 'resource "terraform_data" "server" {}\n'),
      'ws/main.tf': config(
        'ws',
        'resource "terraform_data" "server" { input = terraform.workspace }\noutput "workspace" { value = terraform.workspace }\n',
      ),
      'life/main.tf': config('life', 'resource "terraform_data" "server" {}\n'),
      'flat/main.tf': `terraform {
  backend "http" { address = "${httpAddress}" }
}
variable "region" { type = string }
resource "terraform_data" "server" {}
`,
    });
    stack = await startInProcess('sqlite');
    f = await createProjectWithRepo(stack.admin, repo.url, {
      extraVars: { region: 'eu' },
      envVars: { TF_VAR_owner: 'team-a' },
    });
    const env = (await stack.admin.get(`/api/project/${f.projectId}/environment/${f.environmentId}`)).body;
    const saved = await stack.admin.put(`/api/project/${f.projectId}/environment/${f.environmentId}`, {
      ...env,
      secrets: [{ type: 'var', name: 'db_password', secret: SECRET, operation: 'create' }],
    });
    assert.equal(saved.status, 204, saved.text);
  });
  after(async () => {
    await stack?.close();
    httpBackend?.close();
  });

  it('a plan waits for confirmation; confirm applies it with the values of extra vars, env vars and secrets, the secret never on the command line', async () => {
    const tpl = await template('apply');
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation'], 120_000);
    let out = await output(taskId);
    assert.ok(out.includes('OpenTofu has been successfully initialized!'), out.join('\n'));
    assert.ok(out.some((l) => l.startsWith('Plan: 1 to add, 0 to change, 0 to destroy.')));
    assert.equal(out.at(-1), 'Plan ready: waiting for confirmation');
    assert.deepEqual(resources('apply'), [], 'nothing applied before the confirmation');

    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/confirm`, {})).status, 204);
    await finished(taskId);
    out = await output(taskId);
    assert.ok(out.includes('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'), out.join('\n'));
    const applied = state('apply');
    assert.deepEqual(resources('apply'), ['terraform_data.server']);
    assert.equal(applied?.outputs.region.value, 'eu', 'an extra var, as -var');
    assert.equal(applied?.outputs.owner.value, 'team-a', "the environment's TF_VAR_owner");
    assert.equal(applied?.outputs.db_password.value, SECRET, 'the var secret, as TF_VAR_db_password');

    const argv = readFileSync(join(states, 'apply-cmdline'), 'utf8').split('\0').filter(Boolean);
    assert.deepEqual(argv.slice(1, 5), ['apply', '-input=false', '-auto-approve', '-var'], argv.join(' '));
    assert.ok(argv.includes('region=eu'));
    assert.ok(!argv.some((a) => a.includes(SECRET)), 'the secret is not on the command line');
    assert.ok(!out.some((l) => l.includes(SECRET)), 'nor in the log');

    // The same template again: nothing to change, so it ends at once, without a confirmation.
    const again = await runTask(stack.admin, f.projectId, tpl);
    await finished(again);
    out = await output(again);
    assert.ok(out.some((l) => l.startsWith('No changes. Your infrastructure matches the configuration.')));
    assert.equal(out.at(-1), 'No changes: nothing to apply');
    assert.ok(!out.some((l) => l.startsWith('Apply complete!') || l.includes('waiting for confirmation')));
  });

  it('reject ends the task as error and nothing is applied', async () => {
    const taskId = await runTask(stack.admin, f.projectId, await template('reject'));
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation'], 120_000);
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/reject`, {})).status, 204);
    await finished(taskId, 'error');
    const out = await output(taskId);
    assert.equal(out.at(-1), 'The plan was rejected: nothing was applied');
    assert.ok(!out.some((l) => l.startsWith('Apply complete!')));
    assert.deepEqual(resources('reject'), []);
  });

  it("a task in workspace X creates it and keeps X's state there; the next task uses it", async () => {
    const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
      name: 'staging',
      type: 'tofu-workspace',
      inventory: 'staging',
    });
    assert.equal(inv.status, 201, inv.text);
    const tpl = await template('ws', { inventory_id: inv.body.id, task_params: { auto_approve: true } });
    const first = await runTask(stack.admin, f.projectId, tpl);
    await finished(first);
    assert.ok((await output(first)).some((l) => l.startsWith('Created and switched to workspace "staging"!')));
    assert.equal(state('ws', 'staging')?.outputs.workspace.value, 'staging');
    assert.deepEqual(resources('ws'), [], 'the default workspace is untouched');

    const second = await runTask(stack.admin, f.projectId, tpl);
    await finished(second);
    const out = await output(second);
    assert.ok(
      out.some((l) => l.startsWith('Switched to workspace "staging".')),
      out.join('\n'),
    );
    assert.equal(out.at(-1), 'No changes: nothing to apply');
  });

  it('plan only applies nothing; auto-approve applies at once; destroy removes what was applied', async () => {
    const tpl = await template('life', { task_params: { allow_auto_approve: true } });
    let taskId = await runTask(stack.admin, f.projectId, tpl, { params: { plan: true } });
    await finished(taskId);
    assert.ok((await output(taskId)).some((l) => l.startsWith('Plan: 1 to add')));
    assert.deepEqual(resources('life'), []);

    taskId = await runTask(stack.admin, f.projectId, tpl, { params: { auto_approve: true } });
    await finished(taskId);
    assert.deepEqual(resources('life'), ['terraform_data.server']);

    taskId = await runTask(stack.admin, f.projectId, tpl, { params: { auto_approve: true, destroy: true } });
    await finished(taskId);
    const out = await output(taskId);
    assert.ok(out.includes('Apply complete! Resources: 0 added, 0 changed, 1 destroyed.'), out.join('\n'));
    assert.deepEqual(resources('life'), []);
  });

  it('a backend without workspaces (http): no workspace is selected, and the plan is applied', async () => {
    const tpl = await template('flat', { task_params: { auto_approve: true } });
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    await finished(taskId);
    const out = await output(taskId);
    assert.ok(
      out.some((l) => l.includes('workspaces not supported')),
      out.join('\n'),
    );
    assert.ok(out.includes('tofu workspace list failed: tofu workspace skipped'));
    assert.ok(out.includes('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'));
    const stored = JSON.parse(httpStates.get('/flat') ?? '{}') as State;
    assert.deepEqual(
      stored.resources?.map((r) => `${r.type}.${r.name}`),
      ['terraform_data.server'],
    );
  });
});
