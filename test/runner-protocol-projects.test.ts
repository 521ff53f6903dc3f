// Project runners: managed by the project's managers and owners only, invisible to every other
// project, and given only their own project's tasks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { memberClient } from './support/members.ts';
import { eventually } from './support/eventually.ts';
import { ProtocolClient } from './support/protocol-client.ts';
import { pollForJob, projectWithSecret, REGISTRATION } from './support/protocol-scene.ts';

describe('project runners', () => {
  let stack: InProcessStack;
  let mine: ProjectFixture;
  let theirs: ProjectFixture;

  before(async () => {
    stack = await startInProcess('sqlite', { SEMAPHORE_RUNNER_REGISTRATION_TOKEN: REGISTRATION });
    mine = await projectWithSecret(stack);
    theirs = await projectWithSecret(stack);
  });
  after(async () => stack?.close());

  test("only the project's managers and owners see and manage its runners; other projects do not see them", async () => {
    const base = `/api/project/${mine.projectId}/runners`;
    const manager = await memberClient(stack, mine.projectId, 'manager');
    const created = await manager.post(base, { name: 'edge', tag: 'edge', max_parallel_tasks: 1 });
    assert.equal(created.status, 201, created.text);
    assert.equal(typeof created.body.token, 'string');
    assert.equal(created.body.project_id, mine.projectId);
    const id = created.body.id as number;
    const one = `${base}/${id}`;
    const owner = await memberClient(stack, mine.projectId, 'owner');
    assert.deepEqual(
      (await owner.get(base)).body.map((r: any) => [r.id, r.name, 'token' in r]),
      [[id, 'edge', false]],
    );
    assert.equal((await owner.put(one, { name: 'renamed', tag: 'edge' })).status, 204);
    assert.equal((await owner.post(`${one}/active`, { active: false })).status, 204);
    assert.equal((await stack.admin.get(one)).body.active, false);

    for (const role of ['guest', 'task_runner'] as const) {
      const member = await memberClient(stack, mine.projectId, role);
      for (const [status, res] of [
        [403, await member.get(base)],
        [403, await member.get(one)],
        [403, await member.post(base, { name: 'mine now' })],
        [403, await member.put(one, { name: 'mine now' })],
        [403, await member.post(`${one}/active`, { active: true })],
        [403, await member.delete(one)],
      ] as const)
        assert.equal(res.status, status, `${role}: ${res.text}`);
    }
    const otherOwner = await memberClient(stack, theirs.projectId, 'owner');
    assert.deepEqual((await otherOwner.get(`/api/project/${theirs.projectId}/runners`)).body, []);
    assert.equal((await otherOwner.get(`/api/project/${theirs.projectId}/runners/${id}`)).status, 404);
    assert.equal((await otherOwner.delete(`/api/project/${theirs.projectId}/runners/${id}`)).status, 404);
    assert.equal((await otherOwner.get(one)).status, 404, 'a project one is not a member of is not found');
    assert.ok(!(await stack.admin.get('/api/runners')).body.some((r: any) => r.id === id), 'not a global runner');
    assert.equal((await stack.anonymous.get(base)).status, 401);
    assert.equal((await stack.anonymous.post(base, { name: 'x' })).status, 401);

    assert.equal((await manager.delete(one)).status, 204);
    assert.equal((await stack.admin.get(one)).status, 404);
  });

  test("a project runner is given its project's tasks and never another project's", async () => {
    const created = await stack.admin.post(`/api/project/${mine.projectId}/runners`, { name: 'p', tag: 'local' });
    const client = new ProtocolClient(stack.base);
    client.token = created.body.token;
    const stop = client.keepPolling(300);
    try {
      await eventually(async () => (await client.poll()).status === 200, { what: 'the first poll' });
      const foreign = await runTask(
        stack.admin,
        theirs.projectId,
        await createTemplate(stack.admin, theirs, 'hello.sh', { runner_tag: 'local' }),
      );
      const own = await runTask(
        stack.admin,
        mine.projectId,
        await createTemplate(stack.admin, mine, 'hello.sh', { runner_tag: 'local' }),
      );
      const { state } = await pollForJob(client, own);
      assert.ok(!state?.new_jobs?.some((j) => j.task.id === foreign));
      await client.progress({ Jobs: [{ ID: own, Status: 'success', LogRecords: [] }] });
      assert.equal((await stack.admin.waitForTask(mine.projectId, own)).status, 'success');
      await eventually(
        async () =>
          (await stack.admin.output(theirs.projectId, foreign)).some((l) =>
            l.startsWith('Waiting for a runner with tag "local"'),
          ),
        { what: `task ${foreign} of the other project to wait` },
      );
      assert.ok(!JSON.stringify((await client.poll()).state).includes(`"id":${foreign},`));
      assert.equal((await stack.admin.post(`/api/project/${theirs.projectId}/tasks/${foreign}/stop`, {})).status, 204);
      assert.equal((await stack.admin.waitForTask(theirs.projectId, foreign)).status, 'stopped');
    } finally {
      stop();
    }
  });
});
