// The task journal is the one writer of statuses and log lines, and whatever it stores reaches
// /api/ws: for each writer (the API's task service, the bookkeeping activities, the run, the
// runner route, start-up reconciliation, a build's follow-up) the lines and statuses a client
// streamed are exactly those stored, in the same order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { eventually } from './support/eventually.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { createTask } from '../src/services/tasks.ts';
import { followUpFinishedTask } from '../src/services/task-follow-up.ts';
import { reconcileTasks } from '../src/temporal/reconcile.ts';
import type { TaskEngine } from '../src/services/task-engine.ts';
import { taskBody } from '../src/contracts/tasks.ts';

describe('every writer of the task journal is heard on /api/ws', () => {
  let stack: InProcessStack;
  let f: ProjectFixture;
  let socket: WebSocket;
  const messages: any[] = [];

  before(async () => {
    stack = await startInProcess('sqlite');
    const repo = makeRepo({ 'hello.sh': 'echo "hello from the task"\nfor i in 1 2 3; do echo "line $i"; done\n' });
    f = await createProjectWithRepo(stack.admin, repo.url);
    const token = await stack.admin.post('/api/user/tokens');
    assert.equal(token.status, 201, token.text);
    socket = new WebSocket(`${stack.base.replace(/^http/, 'ws')}/api/ws`, {
      headers: { authorization: `Bearer ${token.body.id}` },
    });
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  });
  after(async () => {
    socket?.close();
    await stack?.close();
  });

  /** Waits until what the socket heard of the task is what the API stored, and returns the stored lines. */
  async function streamedAsStored(taskId: number, expect: { lines: RegExp[]; status: string }): Promise<string[]> {
    return eventually(
      async () => {
        const task = (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body;
        const stored = await stack.admin.output(f.projectId, taskId);
        const heard = messages.filter((m) => m.task_id === taskId);
        assert.equal(task.status, expect.status);
        for (const line of expect.lines)
          assert.ok(
            stored.some((l) => line.test(l)),
            `a stored line matches ${line}: ${stored.join(' | ')}`,
          );
        assert.deepEqual(
          heard.filter((m) => m.type === 'log').map((m) => m.output),
          stored,
          'streamed lines = stored lines',
        );
        assert.equal(heard.filter((m) => m.type === 'update').at(-1)?.status, task.status, 'last streamed status');
        return stored;
      },
      { what: `task ${taskId}'s stored lines and status on the socket` },
    );
  }

  const statusesHeard = (taskId: number) =>
    messages.filter((m) => m.task_id === taskId && m.type === 'update').map((m) => m.status);

  test('the run and its bookkeeping: every line and every status of a task that ran', async () => {
    const id = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'hello.sh'));
    await streamedAsStored(id, {
      lines: [/added to queue$/, /^Started: /, /^hello from the task$/, /^line 3$/],
      status: 'success',
    });
    assert.deepEqual(statusesHeard(id), ['waiting', 'starting', 'running', 'success']);
  });

  test('the API and the bookkeeping activities: a task waiting for a runner, stopped', async () => {
    const tpl = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'nobody-polls-this' });
    const id = await runTask(stack.admin, f.projectId, tpl);
    await streamedAsStored(id, { lines: [/^Waiting for a runner with tag "nobody-polls-this"/], status: 'starting' });
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${id}/stop`, {})).status, 204);
    await streamedAsStored(id, { lines: [/^Task stopped before it ran$/], status: 'stopped' });
    assert.deepEqual(statusesHeard(id), ['waiting', 'starting', 'stopping', 'stopped']);
  });

  test("the runner route: a runner's lines and status", async () => {
    const runner = await stack.admin.post('/api/runners', { name: 'edge', tag: 'edge', active: true });
    assert.equal(runner.status, 201, runner.text);
    const headers = { 'x-runner-token': runner.body.token as string, 'content-type': 'application/json' };
    const tpl = await createTemplate(stack.admin, f, 'hello.sh', { runner_tag: 'edge' });
    const id = await runTask(stack.admin, f.projectId, tpl);
    await streamedAsStored(id, { lines: [/^Waiting for a runner with tag "edge"/], status: 'starting' });
    const state = await (await fetch(`${stack.base}/api/runner/tasks/${id}/status`, { headers })).json();
    assert.equal(state.force_stop, false, 'nobody asked the task to stop');
    const post = (path: string, body: unknown) =>
      fetch(`${stack.base}/api/runner/tasks/${id}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const time = new Date().toISOString();
    const lines = [1, 2].map((n) => ({ seq: state.lastSeq + n, time, output: `from the runner ${n}` }));
    assert.equal((await post('output', { lines })).status, 204);
    assert.equal((await post('output', { lines })).status, 204, 'a retried batch');
    assert.equal((await post('status', { status: 'running' })).status, 204);
    const stored = await streamedAsStored(id, { lines: [/^from the runner 2$/], status: 'running' });
    assert.equal(stored.filter((l) => l === 'from the runner 1').length, 1, 'a retried batch is stored once');
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${id}/stop`, { force: true })).status, 204);
    await streamedAsStored(id, { lines: [], status: 'stopped' });
  });

  test('the API when Temporal refuses, and a build whose autorun deploy cannot start', async () => {
    const build = await createTemplate(stack.admin, f, 'hello.sh', { type: 'build', start_version: '1.0' });
    await createTemplate(stack.admin, f, 'hello.sh', { type: 'deploy', build_template_id: build, autorun: true });
    const refusing: TaskEngine = {
      start: async () => {
        throw new Error('the frontend is down');
      },
      cancel: async () => false,
      decide: async () => false,
      stopRequest: async () => null,
    };
    const ctx = { ...stack.core, engine: refusing };
    // A finished build, written through the journal as a run would.
    const { journal } = stack.core;
    const row = await journal.createTask(
      { project_id: f.projectId, template_id: build, version: '1.0' },
      (taskId) => `Task ${taskId} added to queue`,
    );
    for (const s of ['starting', 'running', 'success'] as const) await journal.setStatus(row.id, s);
    await followUpFinishedTask({ ...ctx, maxTasksPerTemplate: 0 }, { ...row, status: 'success' });
    await streamedAsStored(row.id, { lines: [/^Autorun of template \d+ \(.*\) failed: /], status: 'success' });
    const deploy = (await stack.db.task.findFirst({ where: { build_task_id: row.id } }))!;
    await streamedAsStored(deploy.id, { lines: [/^Task could not be queued: the frontend is down$/], status: 'error' });

    await assert.rejects(
      createTask(ctx, { caller: null, projectId: f.projectId, body: taskBody.parse({ template_id: build }) }),
      /Temporal server reachable/,
    );
  });

  test('start-up reconciliation: a task whose run was lost', async () => {
    const tpl = await createTemplate(stack.admin, f, 'hello.sh');
    const { journal } = stack.core;
    // A row left `starting` by a stack stopped abruptly: no workflow runs it.
    const row = await journal.createTask({ project_id: f.projectId, template_id: tpl }, (id) => `Task ${id} added`);
    await journal.setStatus(row.id, 'starting');
    const report = await reconcileTasks(stack.core);
    assert.ok(report.failed.includes(row.id));
    await streamedAsStored(row.id, {
      lines: [/^Task ended as error: its run was lost while the task was starting/],
      status: 'error',
    });
  });

  test('a task that cannot run ends at once, its log saying what is wrong (not retried as a lost run)', async () => {
    const { journal, engine } = stack.core;
    const row = await journal.createTask(
      { project_id: f.projectId, template_id: 987_654 },
      (id) => `Task ${id} added to queue`,
    );
    await engine.start(row.id);
    await streamedAsStored(row.id, {
      lines: [new RegExp(`^Task cannot run: template 987654 not found in project ${f.projectId}$`)],
      status: 'error',
    });
    const lines = await stack.admin.output(f.projectId, row.id);
    assert.ok(!lines.some((l) => l.includes('run was lost')), lines.join(' | '));
  });
});
