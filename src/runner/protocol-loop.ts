// `signalman runner --protocol http`: a runner speaking Semaphore's protocol, for hosts that
// reach the server's HTTP API but no Temporal frontend. Every second it sends what its jobs did
// (PUT) and polls (GET); a new job runs with the same run code as a worker (run-task.ts), in an
// activity context of its own, from the job the server gave it. A job the server marks
// stopping (or ended) is stopped here.
import { readFileSync } from 'node:fs';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Config } from '../config/index.ts';
import { createRunActivities } from '../activities/run-task.ts';
import { decryptFromServer } from '../security/runner-payload.ts';
import { TaskOutputWriter } from '../tasks/output-writer.ts';
import type { RunJob, RunStore } from '../tasks/run-store.ts';
import { RunningTasks } from '../tasks/running-tasks.ts';
import { parseArgs } from 'node:util';
import { protocolSetup, registerRunner, unregisterRunner, type ProtocolRunnerSetup } from './protocol-setup.ts';

const TICK_MS = 1000;

interface LocalJob {
  job: RunJob;
  env: MockActivityEnvironment;
  /** What the server says the task's status is. */
  serverStatus: string;
  records: Array<{ time: string; message: string }>;
  status?: string;
  done: boolean;
}

export async function runProtocolRunner(
  config: Config,
  setup: ProtocolRunnerSetup,
  log: (m: string) => void,
  stopped: () => boolean,
): Promise<void> {
  if (!setup.token) throw new Error('no runner token: run `signalman runner register` first, or set runner.token');
  const jobs = new Map<number, LocalJob>();
  const headers = { 'x-runner-token': setup.token };
  const url = `${setup.serverUrl}/api/internal/runners`;
  const privateKey = setup.privateKeyFile ? readFileSync(setup.privateKeyFile, 'utf8') : '';

  const store: RunStore = {
    async loadJob(taskId) {
      return (jobs.get(taskId) as LocalJob).job;
    },
    async openOutput(taskId) {
      return TaskOutputWriter.withSink(taskId, 0, async (lines) => {
        const local = jobs.get(taskId);
        for (const l of lines) local?.records.push({ time: l.time.toISOString(), message: l.output });
      });
    },
    async setStatus(taskId, status) {
      const local = jobs.get(taskId);
      if (local) local.status = status;
    },
    async status(taskId) {
      return jobs.get(taskId)?.serverStatus ?? 'error';
    },
    async stopRequest(taskId) {
      return { force: jobs.get(taskId)?.serverStatus === 'stopped', timedOut: false };
    },
    async recordStage() {},
  };
  const { runTask } = createRunActivities(store, config, new RunningTasks());

  function start(taskId: number, job: RunJob): void {
    const env = new MockActivityEnvironment();
    const local: LocalJob = { job, env, serverStatus: 'starting', records: [], status: 'running', done: false };
    jobs.set(taskId, local);
    log(`task ${taskId}: started`);
    env
      .run(runTask, taskId, 'run' as const)
      .catch(() => {
        local.status ??= 'stopped';
      })
      .finally(() => {
        local.done = true;
        log(`task ${taskId}: ${local.status ?? 'ended'}`);
      });
  }

  async function report(): Promise<void> {
    const progress = [...jobs.entries()]
      .filter(([, j]) => j.records.length || j.status)
      .map(([id, j]) => ({ ID: id, Status: j.status ?? '', LogRecords: j.records.splice(0) }));
    for (const [, j] of jobs) j.status = undefined;
    if (!progress.length) return;
    await fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ Jobs: progress }),
    });
    for (const [id, j] of jobs) if (j.done && !j.records.length && !j.status) jobs.delete(id);
  }

  async function poll(): Promise<void> {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`poll refused: ${res.status} ${await res.text()}`);
    const raw = Buffer.from(await res.arrayBuffer());
    const text = res.headers.get('content-type')?.startsWith('application/octet-stream')
      ? decryptFromServer(privateKey, raw)
      : raw;
    const state = JSON.parse(text.toString()) as {
      CurrentJobs: Array<{ id: number; status: string }> | null;
      new_jobs: Array<{ task: { id: number }; signalman?: RunJob }> | null;
    };
    for (const current of state.CurrentJobs ?? []) {
      const local = jobs.get(current.id);
      if (!local || local.done) continue;
      local.serverStatus = current.status;
      if (['stopping', 'stopped', 'error'].includes(current.status)) local.env.cancel('CANCELLED');
    }
    const busy = [...jobs.values()].filter((j) => !j.done).length;
    let free = setup.maxParallelTasks > 0 ? setup.maxParallelTasks - busy : Number.POSITIVE_INFINITY;
    for (const job of state.new_jobs ?? []) {
      if (jobs.has(job.task.id) || free <= 0) continue;
      if (!job.signalman) {
        log(`task ${job.task.id}: the server sent no Signalman job (is it Semaphore?); skipped`);
        continue;
      }
      start(job.task.id, job.signalman);
      free--;
    }
  }

  log(`polling ${url} every second`);
  let ranAny = false;
  while (!stopped()) {
    try {
      await report();
      if (!(setup.oneOff && ranAny)) await poll();
    } catch (err) {
      log(`runner: ${(err as Error).message}`);
    }
    if (jobs.size) ranAny = true;
    if (setup.oneOff && ranAny && jobs.size === 0) {
      log('one-off runner: its jobs are done, exiting');
      return;
    }
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  for (const j of jobs.values()) if (!j.done) j.env.cancel('CANCELLED');
}

/**
 * `signalman runner register [--stdin-registration-token]`, `signalman runner unregister`, and
 * `signalman runner --protocol http [--one-off] [--url U]`.
 */
export async function protocolCommand(
  config: Config,
  argv: string[],
  log: (m: string) => void,
  onShutdown: (stop: () => Promise<void>) => void,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      protocol: { type: 'string' },
      url: { type: 'string' },
      'one-off': { type: 'boolean' },
      'stdin-registration-token': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action] = positionals;
  if (action === 'register')
    return registerRunner(config, { url: values.url, stdinToken: values['stdin-registration-token'] === true }, log);
  if (action === 'unregister') return unregisterRunner(config, { url: values.url }, log);
  if (action) throw new Error(`unknown runner command "${action}": register, unregister, or --protocol http`);
  if (values.protocol !== 'http')
    throw new Error('--protocol: "http" (Semaphore\'s runner protocol) is the one other than Temporal');
  const setup = protocolSetup(config, values.url, process.env);
  if (values['one-off']) setup.oneOff = true;
  let stop = false;
  onShutdown(async () => {
    stop = true;
  });
  await runProtocolRunner(config, setup, log, () => stop);
}
