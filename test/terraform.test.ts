// Terraform and Terragrunt tasks, driven against a STAND-IN executable provided by the test (the
// real tools cannot be installed here; OpenTofu is real, test/tofu.test.ts): the exact command
// lines, plan, waiting_confirmation, confirm, reject, "No changes.", plan only, auto-approve,
// destroy, no workspace selection when `workspace list` fails, Terragrunt's --tf-path, stop while
// waiting, and secrets kept off argv.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { installStandIns, type StandIns } from './support/stand-ins.ts';

describe('terraform and terragrunt tasks (stand-in terraform and terragrunt)', () => {
  let stack: InProcessStack;
  let standIns: StandIns;
  let f: ProjectFixture;
  let workspaceInventory = 0;

  const template = async (app: string, dir: string, taskParams: Record<string, unknown> = {}) => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: `${app} ${dir} ${Math.random()}`,
      app,
      playbook: dir,
      repository_id: f.repositoryId,
      inventory_id: workspaceInventory,
      environment_id: f.environmentId,
      task_params: taskParams,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  };
  const callsSince = (n: number) => standIns.calls().slice(n);

  before(async () => {
    standIns = installStandIns();
    stack = await startInProcess('sqlite');
    const repo = makeRepo({
      'infra/main.tf': 'resource "null_resource" "x" {}\n',
      'same/main.tf': '',
      'same/no-changes': '',
      'flat/main.tf': '',
      'flat/no-workspaces': '',
    });
    f = await createProjectWithRepo(stack.admin, repo.url, { extraVars: { region: 'eu' } });
    const env = (await stack.admin.get(`/api/project/${f.projectId}/environment/${f.environmentId}`)).body;
    await stack.admin.put(`/api/project/${f.projectId}/environment/${f.environmentId}`, {
      ...env,
      secrets: [{ type: 'var', name: 'db_password', secret: 'pw-SECRET-42', operation: 'create' }],
    });
    const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
      name: 'staging ws',
      type: 'terraform-workspace',
      inventory: 'staging',
    });
    workspaceInventory = inv.body.id;
  });
  after(async () => stack?.close());

  test('a plan with changes waits for confirmation, then confirm applies it', async () => {
    const tpl = await template('terraform', 'infra');
    const before = standIns.calls().length;
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation']);
    const planned = callsSince(before);
    assert.deepEqual(
      planned.map((c) => c[2]),
      [
        'init -lock=false -input=false',
        'workspace list',
        'workspace select -or-create=true staging',
        'plan -lock=false -input=false -var region=eu',
      ],
    );
    assert.ok(
      planned.every((c) => c[1].endsWith('/repository/infra')),
      'runs in the template directory',
    );
    assert.ok(
      planned.every((c) => c[3] === 'TF_VAR_db_password=pw-SECRET-42'),
      'secret vars arrive as TF_VAR_',
    );
    assert.ok(
      planned.every((c) => !c[2].includes('pw-SECRET-42')),
      'no secret on a command line',
    );
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/confirm`, {})).status, 204);
    const done = await stack.admin.waitForTask(f.projectId, taskId);
    assert.equal(done.status, 'success');
    assert.equal(callsSince(before).at(-1)?.[2], 'apply -input=false -auto-approve -var region=eu');
    const out = await stack.admin.output(f.projectId, taskId);
    assert.ok(out.some((l) => l.startsWith('Apply complete!')));
    assert.ok(out.includes('Plan ready: waiting for confirmation'));
  });

  test('reject ends the task as error and nothing is applied', async () => {
    const tpl = await template('terraform', 'infra');
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation']);
    const before = standIns.calls().length;
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/reject`, {})).status, 204);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'error');
    assert.deepEqual(callsSince(before), []);
    assert.ok((await stack.admin.output(f.projectId, taskId)).includes('The plan was rejected: nothing was applied'));
  });

  test('"No changes." ends the task as success without apply', async () => {
    const tpl = await template('terraform', 'same');
    const before = standIns.calls().length;
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    assert.ok(callsSince(before).every((c) => !c[2].startsWith('apply')));
  });

  test('a plan-only task ends after the plan; auto-approve applies at once; destroy passes -destroy', async () => {
    const tpl = await template('terraform', 'infra', { allow_auto_approve: true });
    let before = standIns.calls().length;
    let taskId = await runTask(stack.admin, f.projectId, tpl, { params: { plan: true } });
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    assert.deepEqual(
      callsSince(before).map((c) => c[0]),
      ['terraform', 'terraform', 'terraform', 'terraform'],
    );
    assert.ok(callsSince(before).every((c) => !c[2].startsWith('apply')));

    before = standIns.calls().length;
    taskId = await runTask(stack.admin, f.projectId, tpl, { params: { auto_approve: true, destroy: true } });
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    const calls = callsSince(before).map((c) => c[2]);
    assert.equal(calls.at(-2), 'plan -lock=false -input=false -destroy -var region=eu');
    assert.equal(calls.at(-1), 'apply -input=false -auto-approve -destroy -var region=eu');
  });

  test('terragrunt drives terraform (--tf-path) and wraps the workspace commands', async () => {
    const tpl = await template('terragrunt', 'infra', { auto_approve: true });
    const before = standIns.calls().length;
    const taskId = await runTask(stack.admin, f.projectId, tpl, { params: { upgrade: true, reconfigure: true } });
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    assert.deepEqual(
      callsSince(before).map((c) => `${c[0]} ${c[2]}`),
      [
        'terragrunt init --tf-path=terraform -lock=false -input=false -upgrade -reconfigure',
        'terragrunt run --tf-path=terraform -- workspace list',
        'terragrunt run --tf-path=terraform -- workspace select -or-create=true staging',
        'terragrunt plan --tf-path=terraform -lock=false -input=false -var region=eu',
        'terragrunt apply --tf-path=terraform -input=false -auto-approve -var region=eu',
      ],
    );
  });

  test('when `workspace list` fails (a backend without workspaces) no workspace is selected, and the run goes on', async () => {
    for (const app of ['terraform', 'terragrunt']) {
      const tpl = await template(app, 'flat', { auto_approve: true });
      const before = standIns.calls().length;
      const taskId = await runTask(stack.admin, f.projectId, tpl);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success', app);
      const calls = callsSince(before).map((c) => c[2]);
      assert.ok(
        calls.some((c) => c.endsWith('workspace list')),
        app,
      );
      assert.ok(!calls.some((c) => c.includes('workspace select')), `${app}: ${calls.join(' | ')}`);
      assert.ok(calls.at(-1)?.startsWith('apply'), app);
      const out = await stack.admin.output(f.projectId, taskId);
      assert.ok(out.includes('workspaces not supported'), app);
      assert.ok(out.includes(`${app} workspace list failed: ${app} workspace skipped`), out.join('\n'));
      assert.ok(
        out.some((l) => l.startsWith('Apply complete!')),
        app,
      );
    }
  });

  test('stopping a task that waits for confirmation ends it as stopped without apply', async () => {
    const tpl = await template('terraform', 'infra');
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation']);
    const before = standIns.calls().length;
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, {})).status, 204);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
    assert.deepEqual(callsSince(before), []);
  });

  test('confirm or reject on a task that is not waiting is refused with 400', async () => {
    const tpl = await template('terraform', 'same');
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    await stack.admin.waitForTask(f.projectId, taskId);
    for (const d of ['confirm', 'reject']) {
      const res = await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/${d}`, {});
      assert.equal(res.status, 400);
      assert.match(res.body.error, /only a task waiting for confirmation/);
    }
  });

  test('a terraform directory outside the repository is refused', async () => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: 'escape',
      app: 'terraform',
      playbook: '../../etc',
      repository_id: f.repositoryId,
      inventory_id: workspaceInventory,
    });
    assert.equal(res.status, 400);
  });

  test('a powershell template runs its script with pwsh -File and the absolute path of the script (stand-in pwsh)', async () => {
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: 'ps',
      app: 'powershell',
      playbook: 'infra/main.tf',
      repository_id: f.repositoryId,
      inventory_id: f.inventoryId,
      environment_id: f.environmentId,
    });
    const taskId = await runTask(stack.admin, f.projectId, res.body.id);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.ok(
      lines.some((l) => /^PowerShell stand-in ran \/.+\/repository\/infra\/main\.tf$/.test(l)),
      lines.join('\n'),
    );
    const call = standIns
      .calls()
      .filter((c) => c[0] === 'pwsh')
      .at(-1)!;
    assert.match(
      call[2],
      /^-File \/.+\/repository\/infra\/main\.tf region=eu$/,
      'an absolute path after -File; secret vars are not on the command line',
    );
  });
});
