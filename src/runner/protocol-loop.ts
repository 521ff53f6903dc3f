// `signalman runner --protocol http`: a runner speaking Semaphore's protocol, for hosts that
// reach the server's HTTP API but no Temporal frontend. Every second it sends what its jobs did
// (PUT) and polls (GET); a new job runs with the same run code as a worker (run-task.ts), in a
// run context of its own, from the job the server gave it. A job the server marks stopping (or
// ended) is stopped here; a Terraform plan waiting for confirmation is applied once the server
// says `confirmed`.
import { readFileSync } from 'node:fs';
import type { Config } from '../config/index.ts';
import { createTaskRunner, type RunContext } from '../activities/run-task.ts';
import type { Phase } from '../executors/run-plan.ts';
import { decryptFromServer } from '../security/runner-payload.ts';
import { TaskOutputWriter } from '../tasks/output-writer.ts';
import type { RunJob, RunStore } from '../tasks/run-store.ts';
import { RunningTasks } from '../tasks/running-tasks.ts';
import { parseArgs } from 'node:util';
import { protocolSetup, registerRunner, unregisterRunner, type ProtocolRunnerSetup } from './protocol-setup.ts';

const TICK_MS = 1000;
/** Log records per progress report, in bytes of JSON: well within the server's 2 MB body limit. */
const PROGRESS_BYTES = 1_000_000;
/** How long a runner shutting down waits for its stopped tasks to end, to report their last lines. */
const SHUTDOWN_GRACE_MS = 30_000;

/** A run's context here: no Temporal to heartbeat to; a stop from the server aborts it. */
class LocalRunContext implements RunContext {
  readonly #abort = new AbortController();
  readonly cancellationSignal = this.#abort.signal;
  heartbeat(): void {}
  cancel(): void {
    if (!this.#abort.signal.aborted) this.#abort.abort('CANCELLED');
  }
}

interface LocalJob {
  job: RunJob;
  ctx: LocalRunContext;
  /** What the server says the task's status is. */
  serverStatus: string;
  records: Array<{ time: string; message: string }>;
  /** Stages that ended since the last report (a Signalman extension of the progress). */
  stages: Array<{ type: string; start: string; end: string }>;
  status?: string;
  done: boolean;
  /** The plan ran and waits for the server's `confirmed` to apply it. */
  awaitingConfirmation: boolean;
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
    async recordStage(taskId, stage) {
      jobs
        .get(taskId)
        ?.stages.push({ type: stage.type, start: stage.start.toISOString(), end: stage.end.toISOString() });
    },
  };
  const runningTasks = new RunningTasks();
  const runner = createTaskRunner(store, config, runningTasks);

  /** Runs a phase of a job: the run of a new one, or the apply of a confirmed plan. */
  function start(taskId: number, local: LocalJob, phase: Phase): void {
    jobs.set(taskId, local);
    log(`task ${taskId}: ${phase === 'apply' ? 'applying its confirmed plan' : 'started'}`);
    runner
      .run(local.ctx, taskId, phase)
      .then((outcome) => {
        local.awaitingConfirmation = outcome.status === 'waiting_confirmation';
      })
      .catch(() => {
        local.status ??= 'stopped';
      })
      .finally(() => {
        local.done = true;
        log(`task ${taskId}: ${local.status ?? 'ended'}`);
      });
  }

  const newJob = (job: RunJob): LocalJob => ({
    job,
    ctx: new LocalRunContext(),
    serverStatus: 'starting',
    records: [],
    stages: [],
    status: 'running',
    done: false,
    awaitingConfirmation: false,
  });

  /** Sends what the jobs did since the last report; what the server did not take is sent again. */
  async function report(): Promise<boolean> {
    // Within the server's body limit: what does not fit goes in the next report, at once.
    let budget = PROGRESS_BYTES;
    const batch = [];
    for (const [id, j] of jobs) {
      if (!(j.records.length || j.stages.length || j.status) || budget <= 0) continue;
      let n = 0;
      while (n < j.records.length && budget > 0) budget -= Buffer.byteLength(JSON.stringify(j.records[n++]));
      const records = j.records.splice(0, n);
      // A job's stages and status go only with the last of its lines, as they come after them.
      const all = j.records.length === 0;
      batch.push({ id, j, records, stages: all ? j.stages.splice(0) : [], status: all ? j.status : undefined });
      if (all) j.status = undefined;
    }
    if (!batch.length) return false;
    const progress = batch.map((b) => ({
      ID: b.id,
      Status: b.status ?? '',
      LogRecords: b.records,
      ...(b.stages.length ? { signalman_stages: b.stages } : {}),
    }));
    try {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ Jobs: progress }),
      });
      if (!res.ok) throw new Error(`progress refused: ${res.status} ${await res.text()}`);
    } catch (err) {
      for (const b of batch) {
        b.j.records.unshift(...b.records);
        b.j.stages.unshift(...b.stages);
        b.j.status ??= b.status;
      }
      throw err;
    }
    for (const [id, j] of jobs)
      if (j.done && !j.awaitingConfirmation && !j.records.length && !j.stages.length && !j.status) jobs.delete(id);
    return [...jobs.values()].some((j) => j.records.length > 0);
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
    const current = new Map((state.CurrentJobs ?? []).map((j) => [j.id, j.status]));
    for (const [id, local] of jobs) {
      const status = current.get(id);
      if (local.awaitingConfirmation) {
        if (status === 'confirmed') {
          // The same job, kept here since its plan: its keys and secret values come with it.
          start(id, { ...newJob(local.job), serverStatus: status }, 'apply');
        } else if (status === undefined || ['success', 'error', 'stopped'].includes(status)) {
          jobs.delete(id); // rejected or stopped while it waited: nothing to apply
        }
        continue;
      }
      if (local.done || status === undefined) continue;
      local.serverStatus = status;
      if (['stopping', 'stopped', 'error'].includes(status)) local.ctx.cancel();
    }
    const busy = [...jobs.values()].filter((j) => !j.done).length;
    let free = setup.maxParallelTasks > 0 ? setup.maxParallelTasks - busy : Number.POSITIVE_INFINITY;
    for (const job of state.new_jobs ?? []) {
      if (jobs.has(job.task.id) || free <= 0) continue;
      if (!job.signalman) {
        log(`task ${job.task.id}: the server sent no Signalman job (is it Semaphore?); skipped`);
        continue;
      }
      start(job.task.id, newJob(job.signalman), 'run');
      free--;
    }
  }

  log(`polling ${url} every second`);
  let ranAny = false;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  while (!stopped()) {
    let more = false;
    try {
      more = await report();
      if (!(setup.oneOff && ranAny)) await poll();
    } catch (err) {
      log(`runner: ${(err as Error).message}`);
    }
    if (jobs.size) ranAny = true;
    if (setup.oneOff && ranAny && jobs.size === 0) {
      log('one-off runner: its jobs are done, exiting');
      return;
    }
    if (!more) await pause(TICK_MS);
  }
  // Shutting down: running jobs are stopped, and what they wrote up to their end is still sent.
  const running = [...jobs.values()].filter((j) => !j.done);
  if (running.length) log(`stopping ${running.length} running task(s)`);
  await Promise.race([runningTasks.interruptAll('The runner shut down: task stopped'), pause(SHUTDOWN_GRACE_MS)]);
  for (let tries = 0; tries < 10; tries++) {
    try {
      if (!(await report()) && ![...jobs.values()].some((j) => j.records.length || j.stages.length || j.status)) break;
    } catch (err) {
      log(`runner: ${(err as Error).message}`);
      await pause(TICK_MS);
    }
  }
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
  const loop = runProtocolRunner(config, setup, log, () => stop);
  // A shutdown waits for the loop: its running tasks are stopped and their last lines sent.
  onShutdown(async () => {
    stop = true;
    await loop.catch(() => {});
  });
  await loop;
}
