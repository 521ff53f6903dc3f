// Golden lines for what issue 11 added to ansible-playbook's plan: script vaults, the ssh config
// file (SIGNALMAN_SSH_PATH), the debug level, skip_galaxy_install, and the paths a run checks
// first (a script vault's script, a file inventory in its own repository).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ansiblePlan } from './ansible-plan.ts';
import { pathsToLocate, VaultScriptPathError } from './plan.ts';
import { details, inventory, material, planInput, REPO, WS } from './plan-fixture.ts';

const GOLDEN_VARS = '{"semaphore_vars":{"task_details":{"id":0,"username":"","url":null}}}';
const staticInventory = { inventory: inventory('static', 'h') };

test('a script vault names its script in the working copy; a password vault keeps its owner-only file', () => {
  const input = planInput(
    details({}),
    material({
      ...staticInventory,
      vaults: [
        { name: 'default', password: 'pw' },
        { name: 'ops', script: 'vault/pass.sh' },
      ],
    }),
  );
  input.located.vaultScripts = { 'vault/pass.sh': `${REPO}/vault/pass.sh` };
  const plan = ansiblePlan(input);
  assert.equal(
    plan.steps[0].args.join(' '),
    `-i ${WS}/inventory --vault-id=default@${WS}/secrets/run-1-vault-default --vault-id=ops@${REPO}/vault/pass.sh --extra-vars ${GOLDEN_VARS} ${REPO}/test.yml`,
  );
  assert.deepEqual(
    plan.files.filter((f) => f.path.includes('vault')).map((f) => f.content),
    ['pw'],
    'nothing is written for the script vault',
  );
});

test('a script vault whose script was not located is refused', () => {
  assert.throws(
    () =>
      ansiblePlan(planInput(details({}), material({ ...staticInventory, vaults: [{ name: 'x', script: 'p.sh' }] }))),
    /the script of vault "x" was not located in the working copy/,
  );
});

test("SIGNALMAN_SSH_PATH reaches ansible's ssh as -F, quoted", () => {
  const plan = ansiblePlan(
    planInput(details({}), material(staticInventory), { sshConfigPath: '/etc/signalman/ssh config' }),
  );
  assert.equal(
    plan.steps[0].args.join(' '),
    `-i ${WS}/inventory --ssh-common-args=-F '/etc/signalman/ssh config' --extra-vars ${GOLDEN_VARS} ${REPO}/test.yml`,
  );
  const without = ansiblePlan(planInput(details({}), material(staticInventory)));
  assert.ok(!without.steps[0].args.some((a) => a.startsWith('--ssh-common-args')));
});

test('debug level: -v… per level, only with debug (the gate lets debug through only with allow_debug)', () => {
  const cases: Array<[boolean, number | null, string | null]> = [
    [true, null, '-vvvv'],
    [true, 1, '-v'],
    [true, 2, '-vv'],
    [true, 3, '-vvv'],
    [true, 6, '-vvvvvv'],
    [false, 6, null],
    [false, null, null],
  ];
  for (const [debug, debugLevel, flag] of cases) {
    const args = ansiblePlan(planInput(details({ input: { debug, debugLevel } }), material(staticInventory))).steps[0]
      .args;
    assert.deepEqual(
      args.filter((a) => /^-v+$/.test(a)),
      flag ? [flag] : [],
      `debug ${debug}, level ${debugLevel}`,
    );
  }
});

test("skip_galaxy_install: the template's own, or the task's (as the gate allowed), leaves out the galaxy install", () => {
  const cases: Array<[string, boolean, Record<string, unknown>, number]> = [
    ['neither', false, {}, 1],
    ['the task asks', true, {}, 0],
    ['the template skips', false, { skip_galaxy_install: true }, 0],
    ['only the allow flag', false, { allow_override_skip_galaxy_install: true }, 1],
  ];
  for (const [name, skipGalaxyInstall, templateParams, installs] of cases) {
    const plan = ansiblePlan(
      planInput(details({ input: { skipGalaxyInstall } }), material(staticInventory), { templateParams }),
    );
    assert.equal(plan.galaxy.length, installs, name);
    assert.equal(plan.steps.length, 1, name);
  }
});

test('paths checked first: a script vault, and a file inventory in its own repository', () => {
  const own = { repository: { id: 9, git_url: 'https://example.org/inv.git' } as never, key: null };
  const paths = pathsToLocate(
    details({}),
    material({
      inventory: inventory('file', 'hosts/prod'),
      inventoryRepository: own,
      vaults: [
        { name: 'default', password: 'pw' },
        { name: 'ops', script: 'vault/pass.sh' },
      ],
    }),
    'run',
  );
  assert.deepEqual(
    paths.map((p) => `${p.as} ${p.relative} ${p.what} ${p.in ?? 'template repository'}`),
    [
      'script test.yml playbook template repository',
      'inventoryFile hosts/prod inventory file inventoryRepository',
      'vaultScript vault/pass.sh vault "ops" script template repository',
    ],
  );
  const plain = pathsToLocate(details({}), material({ inventory: inventory('file', 'hosts') }), 'run');
  assert.equal(plain[1].in, undefined, 'without a repository of its own, the file is in the template repository');
});

test('a script vault path that could leave the working copy is refused before anything runs', () => {
  for (const [script, why] of [
    ['/usr/bin/id', /vault "v": script "\/usr\/bin\/id" must be a path inside the repository, not an absolute path/],
    ['../../etc/shadow', /vault "v": script "..\/..\/etc\/shadow" must stay inside the repository \(no ".."\)/],
    ['vault/../../x', /must stay inside the repository/],
    ['C:\\x.bat', /not an absolute path/],
    ['  ', /vault "v": names no script/],
  ] as const) {
    assert.throws(
      () => pathsToLocate(details({}), material({ ...staticInventory, vaults: [{ name: 'v', script }] }), 'run'),
      (err: Error) => err instanceof VaultScriptPathError && why.test(err.message),
      script,
    );
  }
});
