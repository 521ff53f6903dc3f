import assert from 'node:assert/strict';
import { test } from 'node:test';
import { details, material, planInput, REPO, WS } from './plan-fixture.ts';
import { shellPlan } from './shell-plan.ts';

// Upstream (§3.7): `<interpreter> <script> <template args> <name=value per extra var> <task args>`,
// powershell through -File, other apps by their own id; here secret vars travel in the
// environment, never as arguments.
test('command lines per shell app (golden lines of §3.7)', () => {
  const cases: Array<[string, string, string]> = [
    ['bash', 'deploy.sh', `bash ${REPO}/deploy.sh --fast region=eu n=2 --dry`],
    ['python', 'tool.py', `python3 ${REPO}/tool.py --fast region=eu n=2 --dry`],
    ['powershell', 'run.ps1', `pwsh -File ${REPO}/run.ps1 --fast region=eu n=2 --dry`],
    ['pulumi', 'Pulumi.yaml', `pulumi ${REPO}/Pulumi.yaml --fast region=eu n=2 --dry`],
    ['myapp', 'job.rb', `myapp ${REPO}/job.rb --fast region=eu n=2 --dry`],
  ];
  for (const [app, script, line] of cases) {
    const d = details({
      app,
      details: {
        templateArgs: ['--fast'],
        taskArgs: ['--dry'],
        extraVars: { region: 'eu', n: 2, semaphore_vars: { task_details: { id: 1 } } },
      },
    });
    const plan = shellPlan(
      planInput(d, material({ varSecrets: { token: 'hidden' } }), {
        located: { repoDir: REPO, script: `${REPO}/${script}` },
      }),
      d.app,
    );
    assert.equal(plan.steps.length, 1);
    const [step] = plan.steps;
    assert.equal(`${step.command} ${step.args.join(' ')}`, line, app);
    assert.equal(step.label, app);
    assert.equal(step.cwd, REPO);
    assert.deepEqual([plan.files, plan.agents, plan.galaxy, plan.then], [[], [], [], 'success'], app);
  }
});

test('environment precedence: env vars, then var secrets, then env secrets, then build vars', () => {
  const d = details({
    app: 'bash',
    details: {
      envVars: { A: 'env-var', B: 'env-var', C: 'env-var', SEMAPHORE_TASK_TYPE: 'mine' },
      buildVars: { type: 'build', incomingVersion: '1.0.0', targetVersion: '1.0.1' },
    },
  });
  const m = material({ varSecrets: { B: 'var-secret', C: 'var-secret' }, envSecrets: { C: 'env-secret' } });
  const plan = shellPlan(planInput(d, m, { lang: 'de_DE.UTF-8' }), d.app);
  assert.deepEqual(plan.steps[0].env, {
    PATH: '/usr/bin:/bin',
    HOME: WS,
    PWD: REPO,
    LANG: 'de_DE.UTF-8',
    A: 'env-var',
    B: 'var-secret',
    C: 'env-secret',
    SEMAPHORE_TASK_TYPE: 'build',
    SEMAPHORE_TASK_INCOMING_VERSION: '1.0.0',
    SEMAPHORE_TASK_TARGET_VERSION: '1.0.1',
  });
});

test('an extra var name that is not an identifier is refused', () => {
  assert.throws(() => {
    const d = details({ app: 'bash', details: { extraVars: { '-c': 'x' } } });
    return shellPlan(planInput(d, material()), d.app);
  }, /must be an identifier/);
});

test("an admin's path and args for the app come first, the script after them", () => {
  const d = details({
    app: 'myapp',
    details: { app: { id: 'myapp', path: '/opt/ruby/bin/ruby', args: ['-W0', '--disable-gems'] }, taskArgs: ['x'] },
  });
  const [step] = shellPlan(
    planInput(d, material(), { located: { repoDir: REPO, script: `${REPO}/job.rb` } }),
    d.app,
  ).steps;
  assert.deepEqual(
    [step.command, ...step.args],
    ['/opt/ruby/bin/ruby', '-W0', '--disable-gems', `${REPO}/job.rb`, 'x'],
  );
});

test('secret survey values are environment variables under the environment secrets, never arguments', () => {
  const d = details({ app: 'bash', details: { envVars: { A: 'env-var', B: 'env-var' } } });
  const m = material({
    surveySecrets: { B: 'survey-b', S: 'survey-secret-1', J: { k: [1] } },
    envSecrets: { S2: 'env-secret' },
    varSecrets: { J: 'var-secret' },
  });
  const plan = shellPlan(planInput(d, m, { located: { repoDir: REPO, script: `${REPO}/run.sh` } }), d.app);
  const { env, args } = plan.steps[0];
  assert.deepEqual(
    [env.A, env.B, env.S, env.J, env.S2],
    ['env-var', 'survey-b', 'survey-secret-1', 'var-secret', 'env-secret'],
  );
  assert.ok(!args.join(' ').includes('survey'));
  const pythonDetails = details({ app: 'python' });
  const python = shellPlan(
    planInput(pythonDetails, material({ surveySecrets: { J: { k: [1] } } }), {
      located: { repoDir: REPO, script: `${REPO}/t.py` },
    }),
    pythonDetails.app,
  );
  assert.equal(python.steps[0].env.J, '{"k":[1]}');
});
