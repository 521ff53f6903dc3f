// Finding 7 of issue 9: a git that never answers. A stop, a forced stop, the time limit and a
// shutdown of `signalman start` all end git and everything it started; nothing of the task is
// left: no process of its group or with its marker, no task folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { startEmbedded } from './support/processes.ts';
import { workDir } from './support/env.ts';
import { eventually } from './support/eventually.ts';
import { leftoverProcesses } from './support/proc-scan.ts';
import { createDb } from '../src/store/db.ts';
import { defaultTaskRoot } from '../src/config/index.ts';

/** A git server that accepts connections and never says a word. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `git://127.0.0.1:${port}/repo.git`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

interface HangingTask {
  taskId: number;
  taskDir: string;
  pgid: number;
}

/** Starts a task whose clone hangs, and waits until git runs in the task's process group. */
async function startHangingTask(
  api: InProcessStack['admin'],
  f: ProjectFixture,
  taskRoot: string,
): Promise<HangingTask> {
  const taskId = await runTask(api, f.projectId, await createTemplate(api, f, 'any.sh'));
  const taskDir = join(taskRoot, `task_${taskId}`);
  const groupFile = join(taskDir, 'process-group');
  const pgid = await eventually(
    () => (existsSync(groupFile) ? Number(readFileSync(groupFile, 'utf8')) || undefined : undefined),
    { what: 'git to start' },
  );
  await eventually(() => leftoverProcesses({ pgid }).length > 0, { what: 'git to run' });
  // The line is written before git starts; the output writer stores it within moments.
  await eventually(
    async () => (await api.output(f.projectId, taskId)).some((l) => l.startsWith('Cloning Repository')),
    { what: 'the "Cloning Repository" line' },
  );
  return { taskId, taskDir, pgid };
}

function assertNothingLeft(t: HangingTask): void {
  assert.deepEqual(
    leftoverProcesses({ pgid: t.pgid || undefined, markers: [`HOME=${join(t.taskDir, 'work')}`] }),
    [],
    'no process of the task is left',
  );
  assert.equal(existsSync(t.taskDir), false, 'the task folder is gone');
}

describe('git that never answers (in process, SQLite)', () => {
  let stack: InProcessStack;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  const projects: Record<string, ProjectFixture> = {};

  before(async () => {
    stack = await startInProcess('sqlite');
    silent = await silentServer();
    projects.fd = await createProjectWithRepo(stack.admin, 'fd::17');
    projects.silent = await createProjectWithRepo(stack.admin, silent.url);
  });
  after(async () => {
    await stack?.close();
    await silent?.close();
  });

  for (const [name, which] of [
    ['fd::17', 'fd'],
    ['a server that never answers', 'silent'],
  ] as const) {
    test(`stop during a clone from ${name}: the task ends stopped, git and its folder are gone`, async () => {
      const f = projects[which];
      const t = await startHangingTask(stack.admin, f, stack.config.taskRoot);
      assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${t.taskId}/stop`, {})).status, 204);
      const task = await stack.admin.waitForTask(f.projectId, t.taskId, ['stopped', 'error', 'success'], 30_000);
      assert.equal(task.status, 'stopped');
      assertNothingLeft(t);
      const lines = await stack.admin.output(f.projectId, t.taskId);
      assert.ok(lines.includes('Task stopped by request'), lines.join('\n'));
    });

    test(`forced stop during a clone from ${name}: stopped at once, then nothing of it is left`, async () => {
      const f = projects[which];
      const t = await startHangingTask(stack.admin, f, stack.config.taskRoot);
      assert.equal(
        (await stack.admin.post(`/api/project/${f.projectId}/tasks/${t.taskId}/stop`, { force: true })).status,
        204,
      );
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${t.taskId}`)).body.status, 'stopped');
      await eventually(() => !existsSync(t.taskDir), { what: 'the task folder to be removed' });
      assertNothingLeft(t);
    });
  }
});

describe('SIGNALMAN_GIT_TIMEOUT', () => {
  let stack: InProcessStack;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  before(async () => {
    stack = await startInProcess('sqlite', { SIGNALMAN_GIT_TIMEOUT: '2s' });
    silent = await silentServer();
  });
  after(async () => {
    await stack?.close();
    await silent?.close();
  });

  test('a clone that outlives the limit is ended: the task ends as error saying git timed out', async () => {
    assert.equal(stack.config.gitTimeoutMs, 2000);
    const f = await createProjectWithRepo(stack.admin, silent.url);
    const taskId = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'any.sh'));
    // git may be ended before a busy host lets us see it run: its group is read while it can be.
    const t: HangingTask = { taskId, taskDir: join(stack.config.taskRoot, `task_${taskId}`), pgid: 0 };
    const groupFile = join(t.taskDir, 'process-group');
    const task = await eventually(
      async () => {
        if (!t.pgid && existsSync(groupFile)) t.pgid = Number(readFileSync(groupFile, 'utf8')) || 0;
        const now = (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body;
        return ['stopped', 'error', 'success'].includes(now.status) ? now : undefined;
      },
      { what: 'the task to end', timeout: 60_000 },
    );
    assert.equal(task.status, 'error');
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.ok(
      lines.some((l) => l.startsWith('Cloning Repository')),
      lines.join('\n'),
    );
    assert.ok(
      lines.includes('Running app failed: git clone timed out after 2 s (SIGNALMAN_GIT_TIMEOUT) and was ended'),
      lines.join('\n'),
    );
    assertNothingLeft(t);
  });
});

describe('Ctrl-C of `signalman start` during a clone that hangs', () => {
  test('shutdown returns promptly with exit code 0; the task is stopped and nothing of it is left', async () => {
    const dataDir = workDir('git-ends-embedded');
    const instance = await startEmbedded(dataDir, { SIGNALMAN_ADMIN_PASSWORD: 'git-ends-secret' });
    try {
      await instance.api.login('admin', 'git-ends-secret');
      const f = await createProjectWithRepo(instance.api, 'fd::17');
      const t = await startHangingTask(instance.api, f, defaultTaskRoot(dataDir));
      assert.equal(await instance.proc.stop('SIGINT'), 0, instance.proc.output);
      assertNothingLeft(t);
      const db = createDb(`file:${join(dataDir, 'signalman.db')}`);
      try {
        const task = await db.task.findUniqueOrThrow({ where: { id: t.taskId } });
        assert.equal(task.status, 'stopped');
        const lines = (await db.taskOutput.findMany({ where: { task_id: t.taskId }, orderBy: { seq: 'asc' } })).map(
          (l) => l.output,
        );
        assert.ok(
          lines.some((l) => /shut down \(SIGINT\).*task stopped/.test(l)),
          lines.join('\n'),
        );
      } finally {
        await db.$disconnect();
      }
    } finally {
      // Ctrl-C ends the dev server too (a SIGKILL would leave it behind after a failed assertion).
      await instance.proc.stop('SIGINT');
    }
  });
});
