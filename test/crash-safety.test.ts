// Crash safety, with the processes really killed: a worker killed during a task, the API
// restarted during a run, the Temporal server restarted, and `signalman start` killed outright.
// No timing assertions: each scenario waits for the outcome a user would see.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { claimNamespace, freshPostgresUrl, testTemporalAddress, workDir } from './support/env.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { SignalmanProcess, startEmbedded } from './support/processes.ts';
import { ApiClient } from './support/api-client.ts';
import { freePort } from './support/ports.ts';
import { OwnTemporal } from './support/temporal-server.ts';
import { eventually } from './support/eventually.ts';
import { groupAlive } from '../src/tasks/process-group.ts';

const SCRIPTS = {
  'long.sh': 'echo "pgid=$$"\necho started-once\nsleep 600\n',
  'slow.sh': 'for i in $(seq 1 40); do echo "line $i"; sleep 0.1; done\n',
};

async function pgidOf(api: ApiClient, projectId: number, taskId: number): Promise<number> {
  return eventually(
    async () => Number((await api.output(projectId, taskId)).find((l) => l.startsWith('pgid='))?.slice(5)) || undefined,
    { what: `task ${taskId} to print its process group`, interval: 100 },
  );
}

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);

interface Split {
  env: Record<string, string>;
  server(): Promise<{ proc: SignalmanProcess; api: ApiClient }>;
  worker(dataDir?: string): Promise<{ proc: SignalmanProcess; dataDir: string }>;
  procs: SignalmanProcess[];
}

async function splitDeployment(temporalAddress: string): Promise<Split> {
  const namespace = claimNamespace();
  const procs: SignalmanProcess[] = [];
  const env = {
    DATABASE_URL: await freshPostgresUrl(),
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: temporalAddress === testTemporalAddress() ? namespace : 'default',
    SIGNALMAN_TASK_QUEUE: `crash-${namespace}`,
    SIGNALMAN_ADMIN_PASSWORD: 'crash-secret',
    SIGNALMAN_ACCESS_KEY_ENCRYPTION: randomBytes(32).toString('base64'),
  };
  const port = await freePort();
  return {
    env,
    procs,
    async server() {
      const proc = new SignalmanProcess(['server'], {
        ...env,
        SIGNALMAN_PORT: String(port),
        SIGNALMAN_DATA_DIR: workDir('server'),
      });
      procs.push(proc);
      await proc.waitFor(/API listening on port/);
      const api = new ApiClient(`http://127.0.0.1:${port}`);
      await api.login('admin', 'crash-secret');
      return { proc, api };
    },
    async worker(dataDir = workDir('worker')) {
      const proc = new SignalmanProcess(['worker'], { ...env, SIGNALMAN_DATA_DIR: dataDir });
      procs.push(proc);
      await proc.waitFor(/worker polling task queue/);
      return { proc, dataDir };
    },
  };
}

describe('crash safety', () => {
  const all: SignalmanProcess[] = [];
  after(async () => {
    await Promise.all(all.map((p) => p.stop('SIGKILL')));
  });

  test('a worker killed with -9 during a task: the task ends with a log line, is not run twice, and its processes are ended', async () => {
    const d = await splitDeployment(testTemporalAddress());
    all.push(...d.procs);
    const { api } = await d.server();
    const w1 = await d.worker();
    const w2 = await d.worker();
    all.push(...d.procs);
    const f: ProjectFixture = await createProjectWithRepo(api, makeRepo(SCRIPTS).url);
    const taskId = await runTask(api, f.projectId, await createTemplate(api, f, 'long.sh'));
    const pgid = await pgidOf(api, f.projectId, taskId);
    const victim = [w1, w2].find((w) => w.proc.child.pid === parentOf(pgid))!;
    assert.ok(victim, 'the task runs under one of the two workers');
    await victim.proc.stop('SIGKILL');

    const task = await api.waitForTask(f.projectId, taskId, ['success', 'error', 'stopped'], 120_000);
    assert.equal(task.status, 'error');
    const lines = await api.output(f.projectId, taskId);
    assert.ok(
      lines.some((l) => l.startsWith('Task ended because its run was lost')),
      lines.join('\n'),
    );
    assert.equal(lines.filter((l) => l === 'started-once').length, 1, 'the task was not run a second time');

    // The orphaned script still runs until a worker starts again on that host and ends it.
    assert.equal(groupAlive(pgid), true);
    const restarted = await d.worker(victim.dataDir);
    all.push(restarted.proc);
    assert.match(restarted.proc.output, new RegExp(`ended what a killed worker left of tasks ${taskId}`));
    assert.equal(groupAlive(pgid), false);
  });

  test('restarting the API during a run loses no output line', async () => {
    const d = await splitDeployment(testTemporalAddress());
    const server = await d.server();
    await d.worker();
    all.push(...d.procs);
    const f = await createProjectWithRepo(server.api, makeRepo(SCRIPTS).url);
    const taskId = await runTask(server.api, f.projectId, await createTemplate(server.api, f, 'slow.sh'));
    await server.api.waitForTask(f.projectId, taskId, ['running']);
    await server.proc.stop('SIGKILL');
    const again = await d.server();
    all.push(again.proc);
    assert.equal((await again.api.waitForTask(f.projectId, taskId)).status, 'success');
    const lines = (await again.api.output(f.projectId, taskId)).filter((l) => l.startsWith('line '));
    assert.deepEqual(
      lines,
      Array.from({ length: 40 }, (_, i) => `line ${i + 1}`),
    );
  });

  test('restarting the Temporal server (state kept): running and queued tasks carry on', async () => {
    const temporal = await OwnTemporal.start();
    try {
      const d = await splitDeployment(temporal.address);
      const { api } = await d.server();
      await d.worker();
      all.push(...d.procs);
      const f = await createProjectWithRepo(api, makeRepo(SCRIPTS).url);
      const templateId = await createTemplate(api, f, 'slow.sh');
      const running = await runTask(api, f.projectId, templateId);
      const queued = await runTask(api, f.projectId, templateId);
      await api.waitForTask(f.projectId, running, ['running']);
      await temporal.kill();
      await temporal.start();
      for (const id of [running, queued]) {
        const task = await api.waitForTask(f.projectId, id, ['success', 'error', 'stopped'], 120_000);
        assert.equal(task.status, 'success', (await api.output(f.projectId, id)).join('\n'));
        assert.equal((await api.output(f.projectId, id)).filter((l) => l.startsWith('line ')).length, 40);
      }
    } finally {
      await temporal.kill();
    }
  });

  test('kill -9 of `signalman start` and a second start: nothing is left running forever', async () => {
    const dataDir = workDir('embedded-crash');
    const first = await startEmbedded(dataDir, { SIGNALMAN_ADMIN_PASSWORD: 'crash-secret' });
    all.push(first.proc);
    await first.api.login('admin', 'crash-secret');
    const f = await createProjectWithRepo(first.api, makeRepo(SCRIPTS).url);
    const taskId = await runTask(first.api, f.projectId, await createTemplate(first.api, f, 'long.sh'));
    const pgid = await pgidOf(first.api, f.projectId, taskId);
    await first.proc.stop('SIGKILL');

    const second = await startEmbedded(dataDir, { SIGNALMAN_ADMIN_PASSWORD: 'crash-secret' });
    all.push(second.proc);
    await second.api.login('admin', 'crash-secret');
    assert.equal(groupAlive(pgid), false, 'the orphaned task processes were ended at start-up');
    const task = await second.api.waitForTask(f.projectId, taskId, ['success', 'error', 'stopped'], 120_000);
    assert.notEqual(task.status, 'success');
    const lines = await second.api.output(f.projectId, taskId);
    assert.ok(
      lines.some((l) => /run was lost|stopped abruptly/.test(l)),
      lines.join('\n'),
    );
    assert.equal(await second.proc.stop('SIGINT'), 0);
  });
});
