import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Config } from '../config/index.ts';
import { TaskWorkspace } from '../tasks/workspace.ts';
import { details, inventory, key, material } from './plan-fixture.ts';
import { prepareRun } from './run-effects.ts';
import { jsonColumn, StoredJsonError } from '../store/json-columns.ts';

async function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'signalman-effects-'));
  const workspace = await TaskWorkspace.create(join(root, 'task_7'));
  const repoDir = workspace.path('repository');
  mkdirSync(repoDir);
  writeFileSync(join(repoDir, 'test.yml'), '- hosts: all\n');
  const config = { taskRoot: root, webHost: '' } as Config;
  return { workspace, repoDir, config };
}

test('the files of an ansible plan are written owner-only, said in the log, and named in argv', async () => {
  const { workspace, repoDir, config } = await setUp();
  const log: string[] = [];
  try {
    const run = await prepareRun({
      config,
      details: details({}),
      material: material({
        inventory: inventory('static', 'localhost'),
        becomeKey: key('login_password', { login: 'root', password: 'become-pw' }),
        vaults: [{ name: 'default', password: 'vault-pw' }],
      }),
      workspace,
      repoDir,
      path: '/usr/bin:/bin',
      log: (line) => log.push(line),
    });
    const args = run.steps[0].args;
    const vaultFile = args.find((a) => a.startsWith('--vault-id='))?.split('@')[1] ?? '';
    assert.equal(readFileSync(vaultFile, 'utf8'), 'vault-pw');
    assert.equal(readFileSync(args[1], 'utf8'), 'localhost');
    for (const file of [vaultFile, args[1]]) assert.equal(statSync(file).mode & 0o777, 0o600, file);
    assert.deepEqual(log, [
      'installing static inventory',
      'No collection requirements file found. Skip galaxy install process.',
      'No role requirements file found. Skip galaxy install process.',
    ]);
    assert.equal(run.then, 'success');
  } finally {
    await workspace.cleanup();
  }
});

test('paths the template names are checked in the working copy before anything is written', async () => {
  const { workspace, repoDir, config } = await setUp();
  const log: string[] = [];
  try {
    await assert.rejects(
      prepareRun({
        config,
        details: details({ details: {}, input: { playbook: 'missing.yml' } }),
        material: material({ inventory: inventory('static', 'h') }),
        workspace,
        repoDir,
        path: '/usr/bin:/bin',
        log: (line) => log.push(line),
      }),
      /playbook "missing.yml" not found in the repository/,
    );
    assert.deepEqual(log, []);
  } finally {
    await workspace.cleanup();
  }
});

test("the template's task_params are read as stored JSON: an object, nothing, or an error naming the template", () => {
  const template = (task_params: string | null) => ({ id: 7, task_params });
  for (const [text, parsed] of [
    [null, {}],
    ['', {}],
    ['null', {}],
    ['{"auto_approve":true}', { auto_approve: true }],
  ] as const)
    assert.deepEqual(jsonColumn('template', template(text), 'task_params'), parsed, String(text));
  for (const text of ['[1]', 'not json'])
    assert.throws(() => jsonColumn('template', template(text), 'task_params'), StoredJsonError, text);
});
