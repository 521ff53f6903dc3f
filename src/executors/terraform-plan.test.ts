import assert from 'node:assert/strict';
import { test } from 'node:test';
import { details, inventory, material, planInput, REPO, WS } from './plan-fixture.ts';
import type { Phase } from './run-plan.ts';
import { terraformPlan } from './terraform-plan.ts';
import type { TerraformApp } from './terraform.ts';

const lines = (plan: ReturnType<typeof terraformPlan>) => plan.steps.map((s) => `${s.command} ${s.args.join(' ')}`);

const INIT = 'init -lock=false -input=false';
const LIST = 'workspace list';
const WORKSPACE = 'workspace select -or-create=true';
const PLAN = 'plan -lock=false -input=false';
const TG = '--tf-path=terraform';

// Upstream (§3.6): `<bin> init -lock=false`, `<bin> workspace select -or-create=true <ws>` when
// `<bin> workspace list` works, `<bin> plan -lock=false <args>`, then `<bin> apply -auto-approve
// <args>`; here with -input=false on each. Terragrunt drives Terraform (`--tf-path`).
test('command lines per app, phase and auto-approve (golden lines of §3.6)', () => {
  const cases: Array<{
    name: string;
    app: TerraformApp;
    phase: Phase;
    ws?: string;
    templateParams?: Record<string, unknown>;
    ask?: Partial<ReturnType<typeof details>['input']['terraform']>;
    lines: string[];
    then: 'success' | 'confirm';
  }> = [
    {
      name: 'terraform: plan, then wait for confirmation',
      app: 'terraform',
      phase: 'run',
      lines: [`terraform ${INIT}`, `terraform ${LIST}`, `terraform ${WORKSPACE} default`, `terraform ${PLAN}`],
      then: 'confirm',
    },
    {
      name: 'tofu: the inventory names the workspace',
      app: 'tofu',
      phase: 'run',
      ws: '  staging\n',
      lines: [`tofu ${INIT}`, `tofu ${LIST}`, `tofu ${WORKSPACE} staging`, `tofu ${PLAN}`],
      then: 'confirm',
    },
    {
      name: 'terragrunt wraps the workspace command',
      app: 'terragrunt',
      phase: 'run',
      lines: [
        'terragrunt init --tf-path=terraform -lock=false -input=false',
        `terragrunt run ${TG} -- ${LIST}`,
        `terragrunt run ${TG} -- ${WORKSPACE} default`,
        'terragrunt plan --tf-path=terraform -lock=false -input=false',
      ],
      then: 'confirm',
    },
    {
      name: 'the template auto-approves: apply follows the plan',
      app: 'tofu',
      phase: 'run',
      templateParams: { auto_approve: true },
      lines: [
        `tofu ${INIT}`,
        `tofu ${LIST}`,
        `tofu ${WORKSPACE} default`,
        `tofu ${PLAN}`,
        'tofu apply -input=false -auto-approve',
      ],
      then: 'success',
    },
    {
      name: 'the template allows it and the task asks',
      app: 'terraform',
      phase: 'run',
      templateParams: { allow_auto_approve: true },
      ask: { autoApprove: true },
      lines: [
        `terraform ${INIT}`,
        `terraform ${LIST}`,
        `terraform ${WORKSPACE} default`,
        `terraform ${PLAN}`,
        'terraform apply -input=false -auto-approve',
      ],
      then: 'success',
    },
    {
      name: 'the template allows it but the task does not ask',
      app: 'terraform',
      phase: 'run',
      templateParams: { allow_auto_approve: true },
      lines: [`terraform ${INIT}`, `terraform ${LIST}`, `terraform ${WORKSPACE} default`, `terraform ${PLAN}`],
      then: 'confirm',
    },
    {
      name: 'the task asks but the template does not allow it',
      app: 'terraform',
      phase: 'run',
      ask: { autoApprove: true },
      lines: [`terraform ${INIT}`, `terraform ${LIST}`, `terraform ${WORKSPACE} default`, `terraform ${PLAN}`],
      then: 'confirm',
    },
    {
      name: 'plan only ends as success',
      app: 'tofu',
      phase: 'run',
      templateParams: { auto_approve: true },
      ask: { plan: true },
      lines: [`tofu ${INIT}`, `tofu ${LIST}`, `tofu ${WORKSPACE} default`, `tofu ${PLAN}`],
      then: 'success',
    },
    {
      name: 'the apply phase after a confirmation',
      app: 'tofu',
      phase: 'apply',
      ws: 'prod',
      lines: [`tofu ${INIT}`, `tofu ${LIST}`, `tofu ${WORKSPACE} prod`, 'tofu apply -input=false -auto-approve'],
      then: 'success',
    },
    {
      name: 'terragrunt applies through Terraform too',
      app: 'terragrunt',
      phase: 'apply',
      ask: { destroy: true, upgrade: true },
      lines: [
        'terragrunt init --tf-path=terraform -lock=false -input=false -upgrade',
        `terragrunt run ${TG} -- ${LIST}`,
        `terragrunt run ${TG} -- ${WORKSPACE} default`,
        'terragrunt apply --tf-path=terraform -input=false -auto-approve -destroy',
      ],
      then: 'success',
    },
    {
      name: 'destroy, upgrade and reconfigure',
      app: 'terraform',
      phase: 'apply',
      ask: { destroy: true, upgrade: true, reconfigure: true },
      lines: [
        `terraform ${INIT} -upgrade -reconfigure`,
        `terraform ${LIST}`,
        `terraform ${WORKSPACE} default`,
        'terraform apply -input=false -auto-approve -destroy',
      ],
      then: 'success',
    },
  ];
  for (const c of cases) {
    const d = details({
      app: c.app,
      input: {
        terraform: { plan: false, destroy: false, autoApprove: false, upgrade: false, reconfigure: false, ...c.ask },
      },
    });
    const m = material({ inventory: c.ws === undefined ? null : inventory('terraform-workspace', c.ws) });
    const plan = terraformPlan(planInput(d, m, { templateParams: c.templateParams ?? {} }), c.app, c.phase);
    assert.deepEqual(lines(plan), c.lines, c.name);
    assert.equal(plan.then, c.then, c.name);
    assert.deepEqual([plan.files, plan.agents, plan.galaxy], [[], [], []], c.name);
  }
});

test('the workspace is selected only when `workspace list` works: a probe, and a step that needs it', () => {
  for (const app of ['terraform', 'tofu', 'terragrunt'] as const) {
    for (const phase of ['run', 'apply'] as const) {
      const steps = terraformPlan(planInput(details({ app }), material()), app, phase).steps;
      const list = steps.findIndex((s) => s.label === 'workspace list');
      const select = steps.findIndex((s) => s.label === 'workspace');
      assert.ok(list > 0 && select === list + 1, `${app} ${phase}`);
      assert.equal(steps[list].probe, true);
      assert.equal(steps[select].needs, 'workspace list');
      assert.ok(
        steps.every((s, i) => i === list || s.probe === undefined),
        'no other step is a probe',
      );
      assert.ok(
        steps.every((s, i) => i === select || s.needs === undefined),
        'no other step is skipped',
      );
    }
  }
});

test('extra vars become -var, template then task arguments follow, in the directory of the template', () => {
  const d = details({
    app: 'terraform',
    details: {
      extraVars: { region: 'eu', count: 2, tags: { a: 1 }, semaphore_vars: { task_details: {} } },
      templateArgs: ['-parallelism=4'],
      taskArgs: ['-refresh=false'],
    },
  });
  const plan = terraformPlan(
    planInput(d, material(), { located: { repoDir: REPO, directory: `${REPO}/infra` } }),
    'terraform',
    'run',
  );
  assert.deepEqual(plan.steps[3].args, [
    'plan',
    '-lock=false',
    '-input=false',
    '-var',
    'region=eu',
    '-var',
    'count=2',
    '-var',
    'tags={"a":1}',
    '-parallelism=4',
    '-refresh=false',
  ]);
  for (const s of plan.steps) assert.equal(s.cwd, `${REPO}/infra`);
  assert.equal(plan.steps[0].env.PWD, `${REPO}/infra`);
});

test('environment precedence: env vars, then env secrets, then var secrets as TF_VAR_', () => {
  const d = details({ app: 'tofu', details: { envVars: { A: 'env-var', TF_VAR_x: 'env-var', TF_INPUT: '1' } } });
  const m = material({ envSecrets: { A: 'env-secret', B: 'b' }, varSecrets: { x: 'var-secret' } });
  const plan = terraformPlan(planInput(d, m), 'tofu', 'run');
  assert.deepEqual(plan.steps[0].env, {
    PATH: '/usr/bin:/bin',
    HOME: WS,
    PWD: REPO,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '1',
    A: 'env-secret',
    TF_VAR_x: 'var-secret',
    B: 'b',
  });
  assert.ok(!plan.steps.some((s) => s.args.join(' ').includes('var-secret')));
});

test('a workspace starting with "-" and a variable name that is not one are refused', () => {
  assert.throws(
    () =>
      terraformPlan(
        planInput(details({ app: 'tofu' }), material({ inventory: inventory('terraform-workspace', '-x') })),
        'tofu',
        'run',
      ),
    /workspace "-x" must not start with "-"/,
  );
  assert.throws(
    () =>
      terraformPlan(
        planInput(details({ app: 'tofu', details: { extraVars: { 'a=b': 1 } } }), material()),
        'tofu',
        'run',
      ),
    /is not a Terraform variable name/,
  );
});

test('secret survey values arrive as TF_VAR_<name>, under the environment secrets, never on a command line', () => {
  const d = details({ app: 'terraform' });
  const m = material({
    surveySecrets: { db_password: 'survey-secret-1', count: 2, x: 'survey-x' },
    varSecrets: { x: 'var-secret' },
  });
  for (const phase of ['run', 'apply'] as Phase[]) {
    const plan = terraformPlan(planInput(d, m), 'terraform', phase);
    for (const step of plan.steps) {
      assert.equal(step.env.TF_VAR_db_password, 'survey-secret-1');
      assert.equal(step.env.TF_VAR_count, '2');
      assert.equal(step.env.TF_VAR_x, 'var-secret');
      assert.ok(!step.args.join(' ').includes('survey-secret-1'));
    }
  }
});
