// A bash task from a real git repository runs end to end through Temporal, on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { groupAlive } from '../src/tasks/process-group.ts';

for (const kind of DB_KINDS) {
  describe(`task runs on ${kind}`, () => {
    let stack: InProcessStack;
    let repo: TestRepo;
    let f: ProjectFixture;

    before(async () => {
      stack = await startInProcess(kind);
      repo = makeRepo(
        {
          'hello.sh': 'echo "hello $GREETING"\nfor a in "$@"; do echo "arg=$a"; done\necho "cwd=$(basename "$PWD")"\n',
          'fail.sh': 'echo "about to fail"\nexit 3\n',
          'long.sh': 'echo "pgid=$$"\nsleep 600\necho never\n',
          'many.sh': 'for i in $(seq 1 2000); do echo "line $i"; done\n',
          'tidy.sh': 'trap \'echo "cleaning up"; exit 0\' TERM\necho ready\nsleep 600 &\nwait\n',
        },
        'add scripts',
      );
      f = await createProjectWithRepo(stack.admin, repo.url, {
        extraVars: { who: 'world' },
        envVars: { GREETING: 'there' },
      });
    });
    after(async () => stack?.close());

    test('a bash task succeeds with its output in order, the commit recorded and times set', async () => {
      const templateId = await createTemplate(stack.admin, f, 'hello.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      const task = await stack.admin.waitForTask(f.projectId, taskId);
      assert.equal(task.status, 'success');
      assert.equal(task.commit_hash, repo.head);
      assert.equal(task.commit_message, 'add scripts');
      assert.ok(task.start && task.end && new Date(task.end) >= new Date(task.start));
      const lines = await stack.admin.output(f.projectId, taskId);
      assert.equal(lines[0], `Task ${taskId} added to queue`);
      assert.ok(lines.includes(`Started: ${taskId}`));
      const hello = lines.indexOf('hello there');
      assert.ok(hello > 0, lines.join('\n'));
      assert.deepEqual(lines.slice(hello, hello + 3), ['hello there', 'arg=who=world', 'cwd=repository']);
    });

    test('a script that exits non-zero ends as error with the exit code in the log', async () => {
      const templateId = await createTemplate(stack.admin, f, 'fail.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      const task = await stack.admin.waitForTask(f.projectId, taskId);
      assert.equal(task.status, 'error');
      const lines = await stack.admin.output(f.projectId, taskId);
      assert.ok(lines.includes('about to fail'));
      assert.ok(lines.includes('Running app failed: exit code 3'), lines.join('\n'));
    });

    test('stopping a running sleep 600 ends it as stopped and its whole process group is gone', async () => {
      const templateId = await createTemplate(stack.admin, f, 'long.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      await stack.admin.waitForTask(f.projectId, taskId, ['running']);
      const pgid = await eventually(
        async () =>
          Number((await stack.admin.output(f.projectId, taskId)).find((l) => l.startsWith('pgid='))?.slice(5)) ||
          undefined,
        { what: 'the script to print its process group id', interval: 100 },
      );
      assert.equal(groupAlive(pgid), true);
      const stop = await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, {});
      assert.equal(stop.status, 204);
      const task = await stack.admin.waitForTask(f.projectId, taskId, ['stopped']);
      assert.equal(task.status, 'stopped');
      assert.ok(task.end);
      assert.equal(groupAlive(pgid), false, 'no process of the task survives');
      const lines = await stack.admin.output(f.projectId, taskId);
      assert.ok(!lines.includes('never'));
      assert.ok(lines.includes('Task stopped by request'));
    });

    test('a forced stop marks the task stopped at once', async () => {
      const templateId = await createTemplate(stack.admin, f, 'long.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      await stack.admin.waitForTask(f.projectId, taskId, ['running']);
      assert.equal(
        (await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, { force: true })).status,
        204,
      );
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}`)).body.status, 'stopped');
    });

    for (const force of [false, true]) {
      test(`a ${force ? 'forced' : 'graceful'} stop ${force ? 'kills at once' : 'lets the script clean up'}`, async () => {
        const taskId = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'tidy.sh'));
        await eventually(async () => (await stack.admin.output(f.projectId, taskId)).includes('ready'), {
          what: 'the script to trap TERM',
        });
        const stop = await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, { force });
        assert.equal(stop.status, 204);
        // The run's last line comes after everything the script could still print.
        const lines = await eventually(
          async () => {
            const lines = await stack.admin.output(f.projectId, taskId);
            return lines.includes('Task stopped by request') ? lines : undefined;
          },
          { what: "the run's last line" },
        );
        assert.equal(lines.includes('cleaning up'), !force, lines.join(' | '));
        assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
      });
    }

    test('every line of a chatty script is stored once, in order', async () => {
      const templateId = await createTemplate(stack.admin, f, 'many.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'success');
      const lines = (await stack.admin.output(f.projectId, taskId)).filter((l) => l.startsWith('line '));
      assert.equal(lines.length, 2000);
      for (const [i, l] of lines.entries()) assert.equal(l, `line ${i + 1}`);
    });

    test('a task of a template whose script is missing ends as error, not stuck', async () => {
      const templateId = await createTemplate(stack.admin, f, 'missing.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'error');
    });

    test("a repository that cannot be cloned ends the task as error with git's message", async () => {
      const repoRes = await stack.admin.post(`/api/project/${f.projectId}/repositories`, {
        name: 'gone',
        git_url: `file://${repo.path}-does-not-exist`,
        git_branch: 'main',
        ssh_key_id: f.keyId,
      });
      assert.equal(repoRes.status, 204);
      const gone = (await stack.admin.get(`/api/project/${f.projectId}/repositories`)).body.find(
        (r: { name: string }) => r.name === 'gone',
      );
      const templateId = await createTemplate(stack.admin, { ...f, repositoryId: gone.id }, 'hello.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'error');
      const lines = await stack.admin.output(f.projectId, taskId);
      assert.ok(
        lines.some((l) => l.includes('git clone failed')),
        lines.join('\n'),
      );
    });

    test('nothing of a run is left on disk: the task folder is removed whatever the outcome', async () => {
      const tasks = (await stack.admin.get(`/api/project/${f.projectId}/tasks`)).body as Array<{
        id: number;
        status: string;
      }>;
      assert.ok(
        tasks.some((t) => t.status === 'success') &&
          tasks.some((t) => t.status === 'error') &&
          tasks.some((t) => t.status === 'stopped'),
      );
      for (const t of tasks)
        assert.equal(existsSync(join(stack.config.taskRoot, `task_${t.id}`)), false, `task ${t.id} (${t.status})`);
    });

    test('the task list shows the task with its template', async () => {
      const list = await stack.admin.get(`/api/project/${f.projectId}/tasks`);
      assert.equal(list.status, 200);
      assert.ok(list.body.length >= 1);
      assert.ok(list.body.every((t: { tpl_app: string }) => t.tpl_app === 'bash'));
    });
  });
}
