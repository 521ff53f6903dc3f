// Split mode: `signalman server` and `signalman worker` as separate processes on PostgreSQL and a
// shared Temporal server; two of each at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { claimNamespace, freshPostgresUrl, testTemporalAddress, workDir } from './support/env.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { SignalmanProcess } from './support/processes.ts';
import { ApiClient } from './support/api-client.ts';
import { freePort } from './support/ports.ts';

describe('split mode on PostgreSQL', () => {
  const procs: SignalmanProcess[] = [];
  const apis: ApiClient[] = [];
  const repo = makeRepo({ 'hello.sh': 'echo "hello from $HOSTNAME_HINT"\n', 'long.sh': 'sleep 600\n' });
  let f: ProjectFixture;

  before(async () => {
    const namespace = claimNamespace();
    const env = {
      DATABASE_URL: await freshPostgresUrl(),
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_NAMESPACE: namespace,
      SIGNALMAN_TASK_QUEUE: `split-${namespace}`,
      SIGNALMAN_ADMIN_PASSWORD: 'split-secret',
      SIGNALMAN_ACCESS_KEY_ENCRYPTION: randomBytes(32).toString('base64'),
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const server = new SignalmanProcess(['server'], { ...env, SIGNALMAN_PORT: String(port), SIGNALMAN_DATA_DIR: workDir('server') });
      procs.push(server);
      await server.waitFor(/API listening on port/);
      apis.push(new ApiClient(`http://127.0.0.1:${port}`));
    }
    for (let i = 0; i < 2; i++) {
      const worker = new SignalmanProcess(['worker'], { ...env, SIGNALMAN_DATA_DIR: workDir('worker') });
      procs.push(worker);
      await worker.waitFor(/worker polling task queue/);
    }
    for (const api of apis) await api.login('admin', 'split-secret');
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
