// `signalman start` (what `npm start` runs), as a real process: first start, a task from git,
// Ctrl-C with a task running, and a second start that finds everything again.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workDir } from './support/env.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask } from './support/fixtures.ts';
import { startEmbedded, type EmbeddedInstance } from './support/processes.ts';
import { eventually } from './support/eventually.ts';
import { groupAlive } from '../src/tasks/process-group.ts';

describe('embedded mode (npm start)', () => {
  const dataDir = workDir('embedded');
  const repo = makeRepo({ 'hello.sh': 'echo "hello from git"\n', 'long.sh': 'echo "pgid=$$"\nsleep 600\n' });
  let instance: EmbeddedInstance | undefined;
  let password = '';
  let projectId = 0;
  let longTask = 0;
  let pgid = 0;

  after(async () => {
    await instance?.proc.stop('SIGKILL');
  });

  test('the first start creates the admin user, prints its password once and how to log in', async () => {
    instance = await startEmbedded(dataDir);
    const out = instance.proc.output;
    password = /password: (\S+)/.exec(out)?.[1] ?? '';
    assert.ok(password.length >= 12, out);
    assert.match(out, /API: +http:\/\/localhost:\d+\/api/);
    assert.match(out, /Temporal Web UI: +http:\/\/127\.0\.0\.1:\d+/);
    assert.match(out, /auth\/login/);
    assert.match(
      out,
      /running the compiled build in \.tools\/build/,
      'npm test ran setup, which compiled the server: that is what runs',
    );
    assert.ok(existsSync(join(dataDir, 'signalman.db')), 'SQLite database in the data folder');
    assert.ok(existsSync(join(dataDir, 'temporal', 'temporal.db')), 'Temporal state in the data folder');
    const key = statSync(join(dataDir, 'access_key_encryption.key'));
    assert.equal(key.mode & 0o777, 0o600, 'the generated encryption key is readable by the owner only');
    assert.equal(statSync(dataDir).mode & 0o777, 0o700, "the data folder is the owner's alone");
    for (const file of [
      'signalman.db',
      'signalman.db-wal',
      'signalman.db-shm',
      'temporal',
      'temporal/temporal.db',
      'temporal/server.log',
    ]) {
      if (existsSync(join(dataDir, file)))
        assert.equal(statSync(join(dataDir, file)).mode & 0o077, 0, `${file} is closed to group and others`);
    }
  });

  test('log in and run a bash task from a git repository to success', async () => {
    const api = instance!.api;
    await api.login('admin', password);
    const f = await createProjectWithRepo(api, repo.url);
    projectId = f.projectId;
    const taskId = await runTask(api, projectId, await createTemplate(api, f, 'hello.sh'));
    assert.equal((await api.waitForTask(projectId, taskId)).status, 'success');
    assert.ok((await api.output(projectId, taskId)).includes('hello from git'));
    longTask = await runTask(api, projectId, await createTemplate(api, f, 'long.sh'));
    await api.waitForTask(projectId, longTask, ['running']);
    pgid = await eventually(
      async () =>
        Number((await api.output(projectId, longTask)).find((l) => l.startsWith('pgid='))?.slice(5)) || undefined,
      { what: `task ${longTask} to print its process group`, interval: 100 },
    );
  });

  test('Ctrl-C stops the running task with a log line saying why, and exits cleanly', async () => {
    const code = await instance!.proc.stop('SIGINT');
    assert.equal(code, 0, instance!.proc.output);
    assert.equal(groupAlive(pgid), false, 'the task process group is gone');
  });

  test('a second start finds the same users, projects and tasks; the interrupted task is stopped', async () => {
    instance = await startEmbedded(dataDir);
    assert.doesNotMatch(instance.proc.output, /password:/, 'no second admin is created');
    const api = instance.api;
    await api.login('admin', password);
    const projects = await api.get('/api/projects');
    assert.deepEqual(
      projects.body.map((p: { id: number }) => p.id),
      [projectId],
    );
    const task = await api.get(`/api/project/${projectId}/tasks/${longTask}`);
    assert.equal(task.body.status, 'stopped');
    const lines = await api.output(projectId, longTask);
    assert.ok(
      lines.some((l) => /shut down \(SIGINT\).*task stopped/.test(l)),
      lines.join('\n'),
    );
    const tasks = await api.get(`/api/project/${projectId}/tasks`);
    assert.equal(tasks.body.length, 2);
    assert.equal(await instance.proc.stop('SIGTERM'), 0);
  });
});
