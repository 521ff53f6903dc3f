// What a task can reach when Signalman runs as root: tasks run as the unprivileged task user with
// no_new_privs, so the data folder, the database, the encryption key, the server's environment and
// open files are out of reach, and no server setting is handed down. Each attack is performed by a
// task's own script; the assertions read its output and the file system.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { workDir } from './support/env.ts';
import { eventually } from './support/eventually.ts';
import { groupAlive } from '../src/tasks/process-group.ts';
import { loadConfig } from '../src/config/index.ts';
import { sqliteFile } from '../src/security/data-folder.ts';
import { lookupUser, TaskUserError, DEFAULT_TASK_USER } from '../src/security/task-user.ts';
import { checkTaskHost } from '../src/tasks/task-host-check.ts';

const asRoot = process.getuid?.() === 0;
const skip = asRoot ? false : 'needs root, as CI runs: tasks switch to the task user only when Signalman runs as root';

// Every probe prints REACHED or DENIED; none may print REACHED.
const ATTACK = `#!/bin/bash
probe() { local what=$1; shift; if "$@" >/dev/null 2>&1; then echo "REACHED $what"; else echo "DENIED $what"; fi; }
probe key cat "$DATA/access_key_encryption.key"
probe database cat "$DB"
probe database-wal cat "$DB-wal"
probe data-listing ls "$DATA"
probe data-write touch "$DATA/planted"
probe environ cat "/proc/$SERVER_PID/environ"
probe cwd ls "/proc/$SERVER_PID/cwd/"
probe open-files ls "/proc/$SERVER_PID/fd/"
probe memory head -c 1 "/proc/$SERVER_PID/mem"
echo "UID $(id -u)"
grep NoNewPrivs /proc/self/status
env | sed 's/^/ENV /'
`;

const PLAYBOOK = `- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - command: id -u
      register: who
    - debug:
        msg: "ansible ran as uid {{ who.stdout }}"
`;

describe('a task cannot reach the server (Signalman as root)', { skip }, () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let dataDir: string;
  const canary = `canary-${randomBytes(6).toString('hex')}`;
  const taskUid = () => lookupUser(DEFAULT_TASK_USER)!.uid;

  before(async () => {
    // An installation made before the rule: everything open to others, as findings saw it.
    dataDir = workDir('contained-data');
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'access_key_encryption.key'), `${randomBytes(32).toString('base64')}\n`, {
      mode: 0o644,
    });
    mkdirSync(join(dataDir, 'temporal'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'temporal', 'temporal.db'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'access_key_encryption.key'), 0o644);
    chmodSync(join(dataDir, 'temporal', 'temporal.db'), 0o644);
    // A server setting in this (the server's) process environment: a task must never see it.
    process.env.SIGNALMAN_CONTAINMENT_CANARY = canary;
    stack = await startInProcess('sqlite', {
      SIGNALMAN_DATA_DIR: dataDir,
      DATABASE_URL: `file:${join(dataDir, 'signalman.db')}`,
    });
    const repo = makeRepo({
      'attack.sh': ATTACK,
      'long.sh': 'echo "started"\nsleep 600\necho never\n',
      'site.yml': PLAYBOOK,
    });
    f = await createProjectWithRepo(stack.admin, repo.url, {
      envVars: { DATA: dataDir, DB: sqliteFile(stack.config.databaseUrl)!, SERVER_PID: String(process.pid) },
    });
  });
  after(async () => {
    delete process.env.SIGNALMAN_CONTAINMENT_CANARY;
    await stack?.close();
  });

  test('the data folder is 0700 and the database, its WAL, the key and the Temporal state 0600, also for an installation made before', () => {
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    for (const file of [
      'access_key_encryption.key',
      'signalman.db',
      'signalman.db-wal',
      'signalman.db-shm',
      'temporal/temporal.db',
    ]) {
      const path = join(dataDir, file);
      if (file.endsWith('-wal') || file.endsWith('-shm')) {
        if (!existsSync(path)) continue;
      }
      assert.equal(statSync(path).mode & 0o777, 0o600, file);
    }
    assert.equal(statSync(join(dataDir, 'temporal')).mode & 0o777, 0o700);
  });

  test('a task reads neither the key, the database, the data folder nor the server process, writes nothing there and runs as the task user with no_new_privs', async () => {
    const taskId = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'attack.sh'));
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    const out = lines.join('\n');
    assert.equal(task.status, 'success', out);
    for (const what of ['key', 'database', 'data-listing', 'data-write', 'environ', 'cwd', 'open-files', 'memory']) {
      assert.ok(lines.includes(`DENIED ${what}`), `${what} denied in\n${out}`);
    }
    assert.ok(!lines.some((l) => l.startsWith('REACHED')), out);
    assert.equal(existsSync(join(dataDir, 'planted')), false);
    assert.ok(lines.includes(`UID ${taskUid()}`), out);
    assert.ok(
      lines.some((l) => /^NoNewPrivs:\s+1$/.test(l)),
      out,
    );

    const env = lines.filter((l) => l.startsWith('ENV ')).map((l) => l.slice(4));
    const names = env.map((l) => l.split('=')[0]);
    assert.ok(names.includes('DATA') && names.includes('PATH'), 'the task got the variables built for it');
    assert.ok(!out.includes(canary), 'no variable of the server process reaches the task');
    const serverish = names.filter(
      (n) =>
        /^(DATABASE_URL|TEMPORAL_|SEMAPHORE_ACCESS|TMPDIR$)/.test(n) ||
        (n.startsWith('SIGNALMAN_') && n !== 'SIGNALMAN_TASK_ID'),
    );
    assert.deepEqual(serverish, [], out);
    const key = readFileSync(join(dataDir, 'access_key_encryption.key'), 'utf8').trim();
    assert.ok(!out.includes(key), 'the key is in no output');
  });

  test('an ansible task runs real ansible-playbook as the task user', async () => {
    const templateId = await createTemplate(stack.admin, f, 'site.yml', { app: 'ansible' });
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000);
    const out = (await stack.admin.output(f.projectId, taskId)).join('\n');
    assert.equal(task.status, 'success', out);
    assert.match(out, new RegExp(`ansible ran as uid ${taskUid()}\\b`));
  });

  test('a stopped task whose processes run as the task user still ends, and its folder is removed', async () => {
    const taskId = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'long.sh'));
    await stack.admin.waitForTask(f.projectId, taskId, ['running']);
    const folder = join(stack.config.taskRoot, `task_${taskId}`);
    await eventually(async () => (await stack.admin.output(f.projectId, taskId)).includes('started'), {
      what: `task ${taskId} to print started`,
    });
    const pgid = Number(readFileSync(join(folder, 'process-group'), 'utf8'));
    assert.equal(statSync(`/proc/${pgid}`).uid, taskUid(), 'the script runs as the task user');
    assert.equal(statSync(join(folder, 'work')).uid, taskUid(), "its folder is the task user's");
    assert.equal(statSync(join(folder, 'work')).mode & 0o777, 0o700);
    assert.equal(statSync(stack.config.taskRoot).mode & 0o777, 0o711, 'the task root cannot be listed by tasks');

    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, {})).status, 204);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
    assert.equal(groupAlive(pgid), false);
    assert.equal(existsSync(folder), false);
  });
});

describe('a worker that cannot contain its tasks does not start (Signalman as root)', { skip }, () => {
  test('a task user that does not exist is refused with a message naming SIGNALMAN_TASK_USER', () => {
    const config = loadConfig({
      ...process.env,
      SIGNALMAN_DATA_DIR: workDir('no-user'),
      SIGNALMAN_TASK_USER: 'no-such-signalman-user',
    });
    assert.throws(
      () => checkTaskHost(config),
      (err: Error) =>
        err instanceof TaskUserError &&
        /SIGNALMAN_TASK_USER/.test(err.message) &&
        /no-such-signalman-user/.test(err.message),
    );
  });

  test('a task root inside the owner-only data folder is refused at start, since the task user could not enter it', () => {
    const dataDir = workDir('root-inside');
    const config = loadConfig({
      ...process.env,
      SIGNALMAN_DATA_DIR: dataDir,
      SIGNALMAN_TMP_PATH: join(dataDir, 'tasks'),
    });
    chmodSync(dataDir, 0o700);
    assert.throws(() => checkTaskHost(config), /SIGNALMAN_TMP_PATH: .*cannot pass through/);
  });

  test('a task user who cannot reach the tools is refused at start, not at the first task', () => {
    const tools = join(workDir('private-tools'), 'tools');
    mkdirSync(join(tools, 'venv', 'bin'), { recursive: true });
    writeFileSync(join(tools, 'venv', 'bin', 'ansible-playbook'), '#!/bin/sh\n', { mode: 0o755 });
    chmodSync(tools, 0o700); // like a clone under /root
    const config = loadConfig({
      ...process.env,
      SIGNALMAN_DATA_DIR: workDir('tools-data'),
      SIGNALMAN_TOOLS_DIR: tools,
    });
    assert.throws(() => checkTaskHost(config), /cannot run .*ansible-playbook/);
  });
});
