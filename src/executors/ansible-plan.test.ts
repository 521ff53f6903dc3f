import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ansiblePlan } from './ansible-plan.ts';
import { details, inventory, key, material, planInput, REPO, WS } from './plan-fixture.ts';

// Upstream's golden line has `{"id":0,"url":null,"username":""}` (Go sorts the keys); the same object.
const UPSTREAM_VARS = '{"semaphore_vars":{"task_details":{"id":0,"url":null,"username":""}}}';
const GOLDEN_VARS = '{"semaphore_vars":{"task_details":{"id":0,"username":"","url":null}}}';

test("upstream's golden line: static inventory, ssh key without login, no environment", () => {
  const plan = ansiblePlan(
    planInput(
      details({}),
      material({ inventory: inventory('static', 'localhost'), inventoryKey: key('ssh', { private_key: 'PK' }) }),
    ),
  );
  assert.equal(plan.steps.length, 1);
  const [step] = plan.steps;
  assert.equal(step.command, 'ansible-playbook');
  assert.equal(step.label, 'ansible-playbook');
  assert.equal(step.cwd, REPO);
  assert.equal(step.args.join(' '), `-i ${WS}/inventory --extra-vars ${GOLDEN_VARS} ${REPO}/test.yml`);
  assert.deepEqual(JSON.parse(step.args[3]), JSON.parse(UPSTREAM_VARS));
  assert.deepEqual(plan.agents, [
    { label: 'inventory', key: { private_key: 'PK', passphrase: undefined }, envVar: 'SSH_AUTH_SOCK' },
  ]);
  assert.equal(plan.then, 'success');
});

test('inventory kinds: what file is written and which path -i gets', () => {
  const cases: Array<[string, ReturnType<typeof inventory>, string, Array<{ path: string; content: string }>]> = [
    [
      'static',
      inventory('static', '[web]\nh1'),
      `${WS}/inventory`,
      [{ path: `${WS}/inventory`, content: '[web]\nh1' }],
    ],
    [
      'static-yaml',
      inventory('static-yaml', 'all: {}'),
      `${WS}/inventory.yml`,
      [{ path: `${WS}/inventory.yml`, content: 'all: {}' }],
    ],
    ['file in the working copy', inventory('file', 'hosts/prod'), `${REPO}/hosts/prod`, []],
  ];
  for (const [name, inv, path, files] of cases) {
    const input = planInput(details({}), material({ inventory: inv }));
    input.located.inventoryFile = `${REPO}/hosts/prod`;
    const plan = ansiblePlan(input);
    assert.deepEqual(plan.steps[0].args.slice(0, 2), ['-i', path], name);
    assert.deepEqual(
      plan.files.map((f) => ({ path: f.path, content: f.content })),
      files,
      name,
    );
    for (const f of plan.files) assert.equal(f.announce, 'installing static inventory', name);
  }
});

test('no inventory, or one ansible cannot read, is refused', () => {
  assert.throws(() => ansiblePlan(planInput(details({}), material())), /an ansible template needs an inventory/);
  assert.throws(
    () => ansiblePlan(planInput(details({}), material({ inventory: inventory('terraform-workspace', 'w') }))),
    /inventory type "terraform-workspace" cannot be used with ansible/,
  );
});

test('keys: logins on the command line, passwords only in an owner-only file', () => {
  const plan = ansiblePlan(
    planInput(
      details({}),
      material({
        inventory: inventory('static', 'h'),
        inventoryKey: key('login_password', { login: 'deploy', password: 'conn-pw' }),
        becomeKey: key('login_password', { login: 'root', password: 'become-pw' }),
      }),
    ),
  );
  const conn = plan.files.find((f) => f.path.endsWith('connection.json'));
  assert.ok(conn);
  assert.deepEqual(JSON.parse(conn.content), { ansible_password: 'conn-pw', ansible_become_password: 'become-pw' });
  assert.equal(
    plan.steps[0].args.join(' '),
    `-i ${WS}/inventory --user deploy --become-user root --extra-vars ${GOLDEN_VARS} --extra-vars @${conn.path} ${REPO}/test.yml`,
  );
  assert.deepEqual(plan.agents, []);
  assert.ok(!plan.steps[0].args.join(' ').includes('-pw'));
});

test('an ssh key with a login and a passphrase: --user, and an agent for the key', () => {
  const plan = ansiblePlan(
    planInput(
      details({}),
      material({
        inventory: inventory('static', 'h'),
        inventoryKey: key('ssh', { login: 'ops', private_key: 'PK', passphrase: 'pp' }),
      }),
    ),
  );
  assert.deepEqual(plan.steps[0].args.slice(2, 4), ['--user', 'ops']);
  assert.deepEqual(plan.agents, [
    { label: 'inventory', key: { private_key: 'PK', passphrase: 'pp' }, envVar: 'SSH_AUTH_SOCK' },
  ]);
  assert.equal(plan.steps[0].env.SSH_AUTH_SOCK, undefined); // the effects add the agent's socket
});

test('vaults: one owner-only password file each, passed by id', () => {
  const plan = ansiblePlan(
    planInput(
      details({}),
      material({
        inventory: inventory('static', 'h'),
        vaults: [
          { name: 'default', password: 'v1' },
          { name: 'prod db', password: 'v2' },
        ],
      }),
    ),
  );
  const vaultFiles = plan.files.filter((f) => f.path.includes('vault-'));
  assert.deepEqual(
    vaultFiles.map((f) => [f.path, f.content]),
    [
      [`${WS}/secrets/run-1-vault-default`, 'v1'],
      [`${WS}/secrets/run-2-vault-prod_db`, 'v2'],
    ],
  );
  const args = plan.steps[0].args;
  assert.ok(args.includes(`--vault-id=default@${WS}/secrets/run-1-vault-default`));
  assert.ok(args.includes(`--vault-id=prod db@${WS}/secrets/run-2-vault-prod_db`));
});

test("the task's variables go to an !unsafe file; the environment's extra vars win", () => {
  const plan = ansiblePlan(
    planInput(
      details({
        input: { environment: { region: 'from-task', msg: "{{ lookup('pipe', 'id') }}", n: 3 } },
        details: { environmentVars: { region: 'eu' } },
      }),
      material({ inventory: inventory('static', 'h'), varSecrets: { token: 's3' } }),
    ),
  );
  const taskVars = plan.files.find((f) => f.path.endsWith('task-vars.yml'));
  const vars = plan.files.find((f) => f.path.endsWith('vars.json') && !f.path.endsWith('task-vars.yml'));
  assert.equal(taskVars?.content, `{"msg": !unsafe "{{ lookup('pipe', 'id') }}", "n": 3}\n`);
  assert.deepEqual(JSON.parse(vars?.content ?? ''), { token: 's3' });
  assert.deepEqual(plan.steps[0].args, [
    '-i',
    `${WS}/inventory`,
    '--extra-vars',
    `@${taskVars?.path}`,
    '--extra-vars',
    '{"region":"eu","semaphore_vars":{"task_details":{"id":0,"username":"","url":null}}}',
    '--extra-vars',
    `@${vars?.path}`,
    `${REPO}/test.yml`,
  ]);
});

test('every file the plan writes is owner-only, and no secret reaches argv or the environment', () => {
  const plan = ansiblePlan(
    planInput(
      details({ input: { environment: { a: 'task-value' } } }),
      material({
        inventory: inventory('static', 'h'),
        inventoryKey: key('login_password', { login: 'u', password: 'secret-1' }),
        vaults: [{ name: 'default', password: 'secret-2' }],
        varSecrets: { v: 'secret-3' },
      }),
    ),
  );
  assert.equal(plan.files.length, 5);
  for (const f of plan.files) assert.equal(f.mode, 0o600, f.path);
  const visible = JSON.stringify([plan.steps[0].args, plan.steps[0].env]);
  for (const s of ['secret-1', 'secret-2', 'secret-3']) assert.ok(!visible.includes(s), s);
});

test('environment precedence: env vars, then env secrets, then the galaxy paths, then build vars', () => {
  const plan = ansiblePlan(
    planInput(
      details({
        details: {
          envVars: { SHARED: 'env-var', ONLY_VAR: '1', ANSIBLE_ROLES_PATH: '/mine', SEMAPHORE_TASK_TYPE: 'x' },
          buildVars: { type: 'build', incomingVersion: null, targetVersion: '1.2.0' },
        },
      }),
      material({ inventory: inventory('static', 'h'), envSecrets: { SHARED: 'env-secret' } }),
    ),
  );
  assert.deepEqual(plan.steps[0].env, {
    PYTHONUNBUFFERED: '1',
    ANSIBLE_FORCE_COLOR: 'True',
    PATH: '/usr/bin:/bin',
    HOME: WS,
    PWD: REPO,
    SHARED: 'env-secret',
    ONLY_VAR: '1',
    ANSIBLE_ROLES_PATH: '/tasks/galaxy/template_11/roles',
    ANSIBLE_COLLECTIONS_PATH: '/tasks/galaxy/template_11/collections',
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    SEMAPHORE_TASK_TYPE: 'build',
    SEMAPHORE_TASK_TARGET_VERSION: '1.2.0',
  });
  assert.deepEqual(plan.galaxy, [
    {
      repoDir: REPO,
      playbook: `${REPO}/test.yml`,
      paths: { rolesPath: '/tasks/galaxy/template_11/roles', collectionsPath: '/tasks/galaxy/template_11/collections' },
      env: plan.steps[0].env,
    },
  ]);
});

test('task details: url from the web host, message, build versions', () => {
  const plan = ansiblePlan(
    planInput(
      details({
        task: { id: 42, message: 'deploy it' },
        details: { username: 'alice', buildVars: { type: 'deploy', incomingVersion: '1.0.1', targetVersion: null } },
      }),
      material({ inventory: inventory('static', 'h') }),
      { webHost: 'https://semaphore.example/' },
    ),
  );
  const extra = JSON.parse(plan.steps[0].args[plan.steps[0].args.indexOf('--extra-vars') + 1]);
  assert.deepEqual(extra.semaphore_vars.task_details, {
    id: 42,
    message: 'deploy it',
    username: 'alice',
    url: 'https://semaphore.example/project/3/history?t=42',
    type: 'deploy',
    incoming_version: '1.0.1',
  });
});

test("limit, tags and skip tags: the task's replace the template's", () => {
  const cases: Array<[string, Parameters<typeof details>[0]['input'], Record<string, unknown>, string[]]> = [
    [
      'template only',
      {},
      { limit: 'a, b', tags: ['t1'], skip_tags: 'slow' },
      ['--limit=a,b', '--tags=t1', '--skip-tags=slow'],
    ],
    [
      'task wins',
      { limit: ['c'], tags: ['t2'] },
      { limit: 'a', tags: 't1', skip_tags: 's' },
      ['--limit=c', '--tags=t2', '--skip-tags=s'],
    ],
    ['nothing', {}, {}, []],
  ];
  for (const [name, input, templateParams, tail] of cases) {
    const plan = ansiblePlan(
      planInput(details({ input }), material({ inventory: inventory('static', 'h') }), { templateParams }),
    );
    const args = plan.steps[0].args;
    assert.deepEqual(args.slice(args.length - 1 - tail.length, -1), tail, name);
  }
});

test('debug, diff, dry run, template and task arguments, the playbook the task asked for', () => {
  const d = details({
    input: { debug: true, debugLevel: 2, diff: true, dryRun: true, playbook: 'other.yml' },
    details: { templateArgs: ['--forks=2'], taskArgs: ['--timeout=5'] },
  });
  const plan = ansiblePlan(
    planInput(d, material({ inventory: inventory('static', 'h') }), {
      located: { repoDir: REPO, script: `${REPO}/other.yml` },
    }),
  );
  assert.equal(
    plan.steps[0].args.join(' '),
    `-i ${WS}/inventory -vv --diff --check --extra-vars ${GOLDEN_VARS} --forks=2 --timeout=5 ${REPO}/other.yml`,
  );
});

test("secret survey values join the task's variables in the owner-only !unsafe file, never argv or the environment", () => {
  const plan = ansiblePlan(
    planInput(
      details({
        input: { environment: { region: 'from-task', n: 3 } },
        details: { environmentVars: { region: 'eu' } },
      }),
      material({
        inventory: inventory('static', 'h'),
        surveySecrets: { db_password: 'survey-secret-1', region: 'survey-region', tmpl: '{{ 7 * 7 }}' },
      }),
    ),
  );
  const taskVars = plan.files.find((f) => f.path.endsWith('task-vars.yml'));
  assert.equal(taskVars?.mode, 0o600);
  // The environment's extra vars still win over the task's values, secret or not.
  assert.equal(
    taskVars?.content,
    '{"n": 3, "db_password": !unsafe "survey-secret-1", "tmpl": !unsafe "{{ 7 * 7 }}"}\n',
  );
  const visible = JSON.stringify([plan.steps[0].args, plan.steps[0].env]);
  assert.ok(!visible.includes('survey-secret-1'));
  assert.ok(plan.steps[0].args.includes(`@${taskVars?.path}`));
});
