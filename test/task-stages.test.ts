// A run's stages (task__stage) as upstream lists them: GET /api/project/{p}/tasks/{t}/stages gives
// each stage (the clone, the run) with its times and the ids of its first and last output lines,
// which are the lines that stage wrote. Readable by whoever may read the task, by no one else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { memberClient } from './support/members.ts';

interface Stage {
  id: number;
  task_id: number;
  type: string;
  start: string;
  end: string;
  start_output_id: number | null;
  end_output_id: number | null;
  result: null;
}
interface Line {
  id: number;
  output: string;
  stage_id: number | null;
}

for (const kind of DB_KINDS) {
  describe(`task stages on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;

    before(async () => {
      stack = await startInProcess(kind);
      const repo = makeRepo({
        'hello.sh': 'echo "hello from bash"\necho "second line"\n',
        'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg="hello from ansible"\n',
      });
      f = await createProjectWithRepo(stack.admin, repo.url);
      const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
        name: 'local ansible',
        type: 'static',
        inventory: 'alpha ansible_connection=local ansible_python_interpreter=auto_silent\n',
      });
      assert.equal(inv.status, 201, inv.text);
      f = { ...f, inventoryId: inv.body.id };
    });
    after(async () => stack?.close());

    /** The task's stages with the text of the lines each names. */
    async function stagesWithLines(taskId: number) {
      const stages = await stack.admin.get<Stage[]>(`/api/project/${f.projectId}/tasks/${taskId}/stages`);
      assert.equal(stages.status, 200, stages.text);
      const lines = (await stack.admin.get<Line[]>(`/api/project/${f.projectId}/tasks/${taskId}/output`)).body;
      return stages.body.map((s) => {
        const from = lines.findIndex((l) => l.id === s.start_output_id);
        const to = lines.findIndex((l) => l.id === s.end_output_id);
        assert.ok(from >= 0 && to >= from, `${s.type}: its output range names lines of the task`);
        const own = lines.slice(from, to + 1);
        assert.ok(
          own.every((l) => l.stage_id === s.id),
          `${s.type}: each of its lines carries its stage_id`,
        );
        assert.ok(s.start && s.end && new Date(s.end) >= new Date(s.start), `${s.type}: start and end`);
        assert.equal(s.task_id, taskId);
        assert.equal(s.result, null);
        return { ...s, text: own.map((l) => l.output) };
      });
    }

    for (const [app, script, said] of [
      ['bash', 'hello.sh', 'hello from bash'],
      ['ansible', 'site.yml', 'hello from ansible'],
    ] as const) {
      test(`a ${app} task lists its clone and run stages with the lines each wrote`, async () => {
        const templateId = await createTemplate(stack.admin, f, script, { app });
        const taskId = await runTask(stack.admin, f.projectId, templateId);
        const task = await stack.admin.waitForTask(f.projectId, taskId, undefined, 180_000);
        assert.equal(task.status, 'success', (await stack.admin.output(f.projectId, taskId)).join('\n'));
        const stages = await stagesWithLines(taskId);
        assert.deepEqual(
          stages.map((s) => s.type),
          ['repository_clone', 'running'],
        );
        const [clone, running] = stages;
        assert.ok(
          clone.text.some((l) => l.startsWith('Cloning Repository ')),
          clone.text.join('\n'),
        );
        assert.ok(!clone.text.some((l) => l.includes(said)));
        assert.ok(
          running.text.some((l) => l.includes(said)),
          running.text.join('\n'),
        );
        assert.ok(!running.text.some((l) => l.startsWith('Cloning Repository ')));
        assert.ok((clone.end_output_id ?? 0) < (running.start_output_id ?? 0), 'the run follows the clone');
        assert.ok(new Date(clone.end) <= new Date(running.start));
      });
    }

    test("a task's stages are read as the task is: project members yes, others not, and unknown tasks 404", async () => {
      const templateId = await createTemplate(stack.admin, f, 'hello.sh');
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      await stack.admin.waitForTask(f.projectId, taskId);
      const path = `/api/project/${f.projectId}/tasks/${taskId}/stages`;
      const guest = await memberClient(stack, f.projectId, 'guest');
      const guestView = await guest.get<Stage[]>(path);
      assert.equal(guestView.status, 200);
      assert.deepEqual(
        guestView.body.map((s) => s.type),
        ['repository_clone', 'running'],
      );
      const other = await createProjectWithRepo(stack.admin, 'https://example.invalid/r.git');
      const outsider = await memberClient(stack, other.projectId, 'owner');
      assert.notEqual((await outsider.get(path)).status, 200);
      assert.equal(
        (await outsider.get(`/api/project/${other.projectId}/tasks/${taskId}/stages`)).status,
        404,
        "another project's task is not found through one's own project",
      );
      assert.equal((await stack.anonymous.get(path)).status, 401);
      assert.equal((await stack.admin.get(`/api/project/${f.projectId}/tasks/999999/stages`)).status, 404);
    });
  });
}
