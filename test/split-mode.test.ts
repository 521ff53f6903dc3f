// Split mode: `signalman server` and `signalman worker` as separate processes on PostgreSQL and a
// shared Temporal server; two of each at once.
import { startSplit } from './support/split.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { SignalmanProcess } from './support/processes.ts';
import type { ApiClient } from './support/api-client.ts';

describe('split mode on PostgreSQL', () => {
  const procs: SignalmanProcess[] = [];
  const apis: ApiClient[] = [];
  const repo = makeRepo({ 'hello.sh': 'echo "hello from $HOSTNAME_HINT"\n', 'long.sh': 'sleep 600\n' });
  let f: ProjectFixture;

  before(async () => {
    const split = await startSplit(2, 2, 'split-secret');
    procs.push(...split.procs);
    apis.push(...split.apis);
    f = await createProjectWithRepo(apis[0], repo.url);
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM')));
  });

  test('both servers see the same data and every task runs to success on the workers', async () => {
    const templateId = await createTemplate(apis[1], f, 'hello.sh');
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await runTask(apis[i % 2], f.projectId, templateId));
    for (const id of ids) {
      const task = await apis[0].waitForTask(f.projectId, id);
      assert.equal(task.status, 'success');
      assert.equal(task.commit_hash, repo.head);
    }
  });

  test('a long task is stopped through the other server', async () => {
    const templateId = await createTemplate(apis[0], f, 'long.sh');
    const id = await runTask(apis[0], f.projectId, templateId);
    await apis[0].waitForTask(f.projectId, id, ['running']);
    assert.equal((await apis[1].post(`/api/project/${f.projectId}/tasks/${id}/stop`, {})).status, 204);
    assert.equal((await apis[0].waitForTask(f.projectId, id, ['stopped'])).status, 'stopped');
  });

  test('the server refuses to start without TEMPORAL_ADDRESS, saying what is missing', async () => {
    const p = new SignalmanProcess(['server'], { DATABASE_URL: 'file:/tmp/x.db', TEMPORAL_ADDRESS: '' });
    assert.equal(await p.exited(), 1);
    assert.match(p.output, /TEMPORAL_ADDRESS must be set/);
  });
});
