// The task queue: global and project limits, one run per template unless parallel runs are
// allowed, FIFO starts the moment a slot frees, and a task stopped while waiting never starts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_KINDS, workDir } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';

// Each task says which it is through an extra var (tag=...), announces that it started, and
// ends only when the test creates its release file.
const GATED = `for a in "$@"; do case "$a" in tag=*) T="\${a#tag=}";; esac; done
touch "$GATE_DIR/started-$T"
while [ ! -f "$GATE_DIR/release-$T" ]; do sleep 0.05; done
echo "released $T"
`;

for (const kind of DB_KINDS) {
  describe(`task queue on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    const gate = workDir('gate');
    const release = (tag: string) => writeFileSync(join(gate, `release-${tag}`), '');
    const started = (tag: string) => existsSync(join(gate, `started-${tag}`));
    const status = async (id: number) =>
      (await stack.admin.get(`/api/project/${f.projectId}/tasks/${id}`)).body.status as string;
    const tagged = async (templateId: number, tag: string, projectId = f.projectId) =>
      runTask(stack.admin, projectId, templateId, { environment: JSON.stringify({ tag }) });
    const waitStarted = async (tag: string) => {
      const waited = await eventually(() => started(tag), { what: `task ${tag} to start`, timeout: 30_000 }).catch(
        (err: Error) => err,
      );
      if (waited instanceof Error) {
        const tasks = (await stack.admin.get(`/api/project/${f.projectId}/tasks`)).body as Array<{
          id: number;
          status: string;
        }>;
        const detail = [];
        for (const t of tasks)
          detail.push(`${t.id} ${t.status}: ${(await stack.admin.output(f.projectId, t.id)).join(' | ')}`);
        assert.fail(`${waited.message}; tasks:\n${detail.join('\n')}`);
      }
    };

    before(async () => {
      stack = await startInProcess(kind, { SIGNALMAN_MAX_PARALLEL_TASKS: '2' });
      f = await createProjectWithRepo(stack.admin, makeRepo({ 'gated.sh': GATED }).url, {
        envVars: { GATE_DIR: gate },
      });
    });
    after(async () => stack?.close());

    test('the global limit holds; waiting tasks start in FIFO order as slots free', async () => {
      const tpl = await createTemplate(stack.admin, f, 'gated.sh', { allow_parallel_tasks: true });
      const ids = [];
      for (const tag of ['g1', 'g2', 'g3', 'g4']) ids.push(await tagged(tpl, tag));
      await waitStarted('g1');
      await waitStarted('g2');
      assert.equal(await status(ids[2]), 'waiting');
      assert.equal(await status(ids[3]), 'waiting');
      assert.equal(started('g3') || started('g4'), false, 'no more than 2 tasks run at once');
      release('g1');
      await waitStarted('g3');
      assert.equal(started('g4'), false, 'the later task still waits');
      assert.equal(await status(ids[3]), 'waiting');
      release('g2');
      await waitStarted('g4');
      release('g3');
      release('g4');
      const tasks = [];
      for (const id of ids) tasks.push(await stack.admin.waitForTask(f.projectId, id));
      assert.ok(tasks.every((t) => t.status === 'success'));
      assert.ok(new Date(tasks[2].start) >= new Date(tasks[0].end), 'g3 started after g1 ended');
      assert.ok(new Date(tasks[3].start) >= new Date(tasks[1].end), 'g4 started after g2 ended');
    });

    test('a template runs one task at a time unless it allows parallel runs', async () => {
      const tpl = await createTemplate(stack.admin, f, 'gated.sh');
      const first = await tagged(tpl, 't1');
      const second = await tagged(tpl, 't2');
      await waitStarted('t1');
      assert.equal(await status(second), 'waiting');
      assert.equal(started('t2'), false);
      release('t1');
      await waitStarted('t2');
      release('t2');
      assert.equal((await stack.admin.waitForTask(f.projectId, first)).status, 'success');
      assert.equal((await stack.admin.waitForTask(f.projectId, second)).status, 'success');
    });

    test("the project's max_parallel_tasks holds across its templates", async () => {
      const project = (await stack.admin.get(`/api/project/${f.projectId}`)).body;
      assert.equal(
        (await stack.admin.put(`/api/project/${f.projectId}`, { ...project, max_parallel_tasks: 1 })).status,
        204,
      );
      const a = await createTemplate(stack.admin, f, 'gated.sh');
      const b = await createTemplate(stack.admin, f, 'gated.sh');
      const first = await tagged(a, 'p1');
      const second = await tagged(b, 'p2');
      await waitStarted('p1');
      assert.equal(await status(second), 'waiting');
      release('p1');
      await waitStarted('p2');
      release('p2');
      assert.equal((await stack.admin.waitForTask(f.projectId, first)).status, 'success');
      assert.equal((await stack.admin.waitForTask(f.projectId, second)).status, 'success');
      assert.equal(
        (await stack.admin.put(`/api/project/${f.projectId}`, { ...project, max_parallel_tasks: 0 })).status,
        204,
      );
    });

    test('a task stopped while waiting ends as stopped and never starts', async () => {
      const tpl = await createTemplate(stack.admin, f, 'gated.sh');
      const first = await tagged(tpl, 's1');
      const second = await tagged(tpl, 's2');
      await waitStarted('s1');
      assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${second}/stop`, {})).status, 204);
      assert.equal((await stack.admin.waitForTask(f.projectId, second)).status, 'stopped');
      release('s1');
      assert.equal((await stack.admin.waitForTask(f.projectId, first)).status, 'success');
      const third = await tagged(tpl, 's3');
      await waitStarted('s3');
      release('s3');
      await stack.admin.waitForTask(f.projectId, third);
      assert.equal(started('s2'), false, 'the stopped task never ran');
      const lines = await stack.admin.output(f.projectId, second);
      assert.ok(!lines.includes(`Started: ${second}`));
    });
  });
}
