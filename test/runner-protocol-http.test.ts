// `signalman runner` in HTTP mode: it registers with the registration token (token file 0600, an
// RSA key so its polls come encrypted), polls like Semaphore's runner, runs a bash task and an
// ansible playbook end to end
// with no database and no encryption key, and unregisters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { workDir } from './support/env.ts';
import { createProjectWithRepo, createTemplate, runTask } from './support/fixtures.ts';
import { SignalmanProcess } from './support/processes.ts';
import { REGISTRATION, tagNewestRunner } from './support/protocol-scene.ts';

const bin = resolve(import.meta.dirname, '../bin/signalman.mjs');

describe('signalman runner --protocol http', () => {
  let stack: InProcessStack;
  let runner: SignalmanProcess | undefined;
  let env: Record<string, string>;

  before(async () => {
    stack = await startInProcess('sqlite', { SEMAPHORE_RUNNER_REGISTRATION_TOKEN: REGISTRATION });
    const dir = workDir('http-runner');
    env = {
      SEMAPHORE_WEB_ROOT: stack.base,
      SEMAPHORE_RUNNER_TOKEN_FILE: join(dir, 'runner.token'),
      SEMAPHORE_RUNNER_PRIVATE_KEY_FILE: join(dir, 'runner.key'),
      SEMAPHORE_RUNNER_REGISTRATION_TOKEN: '',
      SIGNALMAN_DATA_DIR: dir,
      DATABASE_URL: '',
      SIGNALMAN_ACCESS_KEY_ENCRYPTION: '',
    };
  });
  after(async () => {
    await runner?.stop('SIGTERM');
    await stack?.close();
  });

  /** Runs `signalman runner …` to its end (asynchronously: the server answering it is in this process). */
  const cli = (args: string[], input = '') =>
    new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [bin, 'runner', ...args], { env: { ...process.env, ...env } });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.stdout.resume();
      child.stdin.end(input);
      child.once('exit', (status) => done({ status, stderr }));
    });

  test('registers, runs a bash task sent to it, and unregisters', async () => {
    const refused = await cli(['register', '--stdin-registration-token'], 'wrong\n');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /Invalid registration token/);
    const registered = await cli(['register', '--stdin-registration-token'], `${REGISTRATION}\n`);
    assert.equal(registered.status, 0, registered.stderr);
    for (const file of [env.SEMAPHORE_RUNNER_TOKEN_FILE, env.SEMAPHORE_RUNNER_PRIVATE_KEY_FILE])
      assert.equal(statSync(file).mode & 0o777, 0o600, file);
    const runnerId = await tagNewestRunner(stack, 'http-mode');

    const repo = makeRepo({
      'where.sh': 'echo "ran with secret $API_TOKEN"\n',
      'site.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - debug:',
        '        msg: "ansible ran on {{ inventory_hostname }}"',
        '',
      ].join('\n'),
    });
    const f = await createProjectWithRepo(stack.admin, repo.url);
    const environment = (await stack.admin.get(`/api/project/${f.projectId}/environment/${f.environmentId}`)).body;
    await stack.admin.put(`/api/project/${f.projectId}/environment/${f.environmentId}`, {
      ...environment,
      secrets: [{ type: 'env', name: 'API_TOKEN', secret: 'http-SECRET-41', operation: 'create' }],
    });
    runner = new SignalmanProcess(['runner', '--protocol', 'http'], env);
    await runner.waitFor(/polling .* every second/);
    const templateId = await createTemplate(stack.admin, f, 'where.sh', { runner_tag: 'http-mode' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const out = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', `${out.join('\n')}\n${runner.output}`);
    assert.ok(out.includes('ran with secret **********'), out.join('\n'));
    assert.ok(out.includes(`Sent to runner ${runnerId}`), out.join('\n'));

    // An ansible playbook from the same repository, on the same runner.
    const inventory = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
      name: 'runner host',
      type: 'static',
      inventory: 'runnerhost ansible_connection=local ansible_python_interpreter=auto_silent\n',
    });
    assert.equal(inventory.status, 201, inventory.text);
    const playbook = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name: 'site on the runner',
      app: 'ansible',
      playbook: 'site.yml',
      repository_id: f.repositoryId,
      inventory_id: inventory.body.id,
      environment_id: f.environmentId,
      runner_tag: 'http-mode',
    });
    assert.equal(playbook.status, 201, playbook.text);
    const ansibleTask = await runTask(stack.admin, f.projectId, playbook.body.id);
    const ansibleEnd = await stack.admin.waitForTask(f.projectId, ansibleTask, undefined, 180_000);
    const ansibleOut = (await stack.admin.output(f.projectId, ansibleTask)).join('\n');
    assert.equal(ansibleEnd.status, 'success', `${ansibleOut}\n${runner.output}`);
    assert.match(ansibleOut, /"msg": "ansible ran on runnerhost"/);
    assert.match(ansibleOut, /Sent to runner \d+/);
    await runner.stop('SIGTERM');

    const gone = await cli(['unregister']);
    assert.equal(gone.status, 0, gone.stderr);
    assert.equal(existsSync(env.SEMAPHORE_RUNNER_TOKEN_FILE), false);
    assert.ok(!(await stack.admin.get('/api/runners')).body.some((r: { id: number }) => r.id === runnerId));
  });
});
