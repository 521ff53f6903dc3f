// Semaphore's runner protocol, the server's side (semaphore-behaviour.md §7): self-registration
// with the registration token, the poll (RunnerState), progress (RunnerProgress) and unregistering.
// Statuses and log lines go through the task journal like every other writer's; a runner touches
// only the tasks given to it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';
import type { RunnerSettings } from '../config/settings/runners.ts';
import { isTaskStatus } from '../domain/task-status.ts';
import type { TaskStageType } from '../domain/task-stages.ts';
import { newRunnerToken, sha256 } from '../security/tokens.ts';
import { encryptForRunner, parseRunnerPublicKey, RunnerKeyError } from '../security/runner-payload.ts';
import { deleteRunner, findRunnerByTokenDigest, touchRunner } from '../store/runners.ts';
import {
  insertRegisteredRunner,
  markRunnerProtocol,
  outputSeqsBetween,
  runnerOfTasks,
  runnerSecretOf,
  tasksOfRunner,
} from '../store/runner-protocol.ts';
import { AppError, BadRequestError, NotFoundError, UnauthorizedError } from './errors.ts';
import { protocolJob, type SemaphoreAccessKey } from './runner-job-data.ts';

export interface Registration {
  registration_token: string;
  webhook?: string;
  max_parallel_tasks?: number;
  public_key?: string | null;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Registers a runner that presents the server's registration token; returns its token (shown once). */
export async function registerRunner(
  db: Db,
  settings: Pick<RunnerSettings, 'runner_registration_token'>,
  body: Registration,
): Promise<string> {
  const expected = settings.runner_registration_token;
  // Compared as digests, so neither the time taken nor a length check tells anything about the token.
  if (!expected || !timingSafeEqual(digest(expected), digest(body.registration_token))) {
    throw new BadRequestError('Invalid registration token');
  }
  const publicKey = body.public_key?.trim() ? body.public_key : null;
  if (publicKey) {
    try {
      parseRunnerPublicKey(publicKey);
    } catch (err) {
      throw err instanceof RunnerKeyError ? new BadRequestError(err.message) : err;
    }
  }
  const token = newRunnerToken();
  await insertRegisteredRunner(
    db,
    { webhook: body.webhook ?? '', max_parallel_tasks: body.max_parallel_tasks ?? 0, public_key: publicKey },
    sha256(token),
  );
  return token;
}

/** The runner of an `X-Runner-Token`: 401 without one, 404 for a token nobody has (as upstream). */
export async function protocolRunner(db: Db, header: string | string[] | undefined) {
  const token = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!token) throw new UnauthorizedError('Invalid token');
  const runner = await findRunnerByTokenDigest(db, sha256(token));
  if (!runner) throw new NotFoundError('Runner not found');
  return runner;
}

export interface PollDeps {
  db: Db;
  journal: TaskJournal;
  apps: ConfiguredApps;
  encryptionKey: Buffer | null;
  settings: Pick<RunnerSettings, 'runners'>;
}

export interface RunnerState {
  CurrentJobs: Array<{ id: number; status: string }> | null;
  new_jobs: Array<Record<string, unknown>> | null;
  access_keys: Record<string, SemaphoreAccessKey>;
}

/** What the runner is told at a poll: its new jobs (tasks given to it, still `starting`) and its current ones. */
export async function pollRunner(
  deps: PollDeps,
  runner: { id: number; public_key: string | null },
): Promise<{ json: RunnerState } | { encrypted: Buffer }> {
  const { db } = deps;
  await touchRunner(db, runner.id);
  await markRunnerProtocol(db, runner.id, 'http');
  const since = new Date(Date.now() - deps.settings.runners.task_fail_timeout_sec * 1000);
  const state = {
    CurrentJobs: [] as Array<{ id: number; status: string }>,
    new_jobs: [] as Array<Record<string, unknown>>,
    access_keys: {} as Record<string, SemaphoreAccessKey>,
  };
  for (const task of await tasksOfRunner(db, runner.id, since)) {
    if (task.status !== 'starting') {
      state.CurrentJobs.push({ id: task.id, status: task.status });
      continue;
    }
    try {
      const sealed = await runnerSecretOf(db, task.id);
      const job = await protocolJob(db, deps.apps, deps.encryptionKey, task.id, sealed);
      state.new_jobs.push(job.data);
      Object.assign(state.access_keys, job.accessKeys);
    } catch (err) {
      // A task that cannot be described to the runner cannot run: it says why and ends.
      const reason = err instanceof AppError || err instanceof Error ? err.message : String(err);
      await deps.journal.log(task.id, `Task cannot run: ${reason}`);
      await deps.journal.setStatus(task.id, 'error');
    }
  }
  // Go writes an empty (nil) list as null: so do we, byte for byte.
  const answer = {
    CurrentJobs: state.CurrentJobs.length ? state.CurrentJobs : null,
    new_jobs: state.new_jobs.length ? state.new_jobs : null,
    access_keys: state.access_keys,
  };
  if (!runner.public_key) return { json: answer };
  const key = parseRunnerPublicKey(runner.public_key);
  return { encrypted: encryptForRunner(key, Buffer.from(JSON.stringify(answer))) };
}

export interface JobProgress {
  id: number;
  status?: string;
  logRecords: Array<{ time: Date; message: string }>;
  commit?: { hash: string; message: string };
  /** Stages that ended (our own runner's extension), after the log records that belong to them. */
  stages?: Array<{ type: TaskStageType; start: Date; end: Date }>;
}

/** Writes of one task go one after another, so that their lines keep their order and numbers. */
const taskWrites = new Map<number, Promise<unknown>>();
function oneAtATime<T>(taskId: number, write: () => Promise<T>): Promise<T> {
  const previous = taskWrites.get(taskId) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(write);
  taskWrites.set(taskId, next);
  void next.finally(() => taskWrites.get(taskId) === next && taskWrites.delete(taskId)).catch(() => {});
  return next;
}

/** Applies a runner's progress to the tasks given to it; jobs of other tasks are ignored, as upstream does. */
export async function applyProgress(
  db: Db,
  journal: TaskJournal,
  runner: { id: number },
  jobs: JobProgress[],
  /** How the task was asked to stop (the task engine), so that a timed-out task ends as error. */
  stopRequest?: (taskId: number) => Promise<{ timedOut?: boolean } | null>,
): Promise<void> {
  await touchRunner(db, runner.id);
  const owners = new Map(
    (
      await runnerOfTasks(
        db,
        jobs.map((j) => j.id),
      )
    ).map((t) => [t.id, t.runner_id]),
  );
  for (const job of jobs) {
    if (owners.get(job.id) !== runner.id) continue;
    await oneAtATime(job.id, async () => {
      if (job.logRecords.length) {
        const writer = await journal.openOutput(job.id);
        for (const record of job.logRecords) writer.write(record.message, record.time);
        await writer.close();
      }
      if (job.commit) await journal.setCommit(job.id, job.commit.hash, job.commit.message);
      for (const stage of job.stages ?? []) {
        const lines = await outputSeqsBetween(db, job.id, stage.start, stage.end);
        await journal.recordStage(job.id, { ...stage, firstSeq: lines?.first ?? 1, lastSeq: lines?.last ?? 0 });
      }
      if (job.status && isTaskStatus(job.status)) {
        // A run stopped because it ran past max_task_duration_sec ends as error, as local runs do.
        const timedOut = job.status === 'stopped' && (await stopRequest?.(job.id).catch(() => null))?.timedOut;
        await journal.setStatus(job.id, timedOut ? 'error' : job.status);
      }
    });
  }
}

export async function unregisterRunner(db: Db, runner: { id: number }): Promise<void> {
  await deleteRunner(db, runner.id);
}
