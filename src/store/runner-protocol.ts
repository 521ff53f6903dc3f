// What Semaphore's runner protocol reads and writes about runners and the tasks given to them.
// (A task's runner_id is written by the task journal, like everything else of a task row.)
import type { Db } from './db.ts';

const UNFINISHED = { notIn: ['success', 'error', 'stopped'] };

export interface RegisteredRunnerFields {
  webhook: string;
  max_parallel_tasks: number;
  public_key: string | null;
}

/** A runner that registered itself: global, speaking the HTTP protocol from the start. */
export function insertRegisteredRunner(db: Db, fields: RegisteredRunnerFields, tokenDigest: string) {
  return db.runner.create({ data: { ...fields, project_id: null, token: tokenDigest, protocol: 'http' } });
}

/** Notes how the runner talks to us the first time it does; later contacts change nothing. */
export async function markRunnerProtocol(db: Db, runnerId: number, protocol: 'http' | 'temporal'): Promise<void> {
  await db.runner.updateMany({ where: { id: runnerId, protocol: '' }, data: { protocol } });
}

export function findRunner(db: Db, runnerId: number) {
  return db.runner.findUnique({ where: { id: runnerId } });
}

/** The tasks given to a runner that are not finished, or that finished after `since` (so a stop reaches it). */
export function tasksOfRunner(db: Db, runnerId: number, since: Date) {
  return db.task.findMany({
    where: { runner_id: runnerId, OR: [{ status: UNFINISHED }, { end: { gte: since } }] },
    select: { id: true, status: true },
    orderBy: { id: 'asc' },
  });
}

/** Task rows by id, with the runner each was given to. */
export function runnerOfTasks(db: Db, taskIds: number[]) {
  return db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, runner_id: true, status: true } });
}

/**
 * Active protocol runners that may run a task of `projectId` (its project's runners first, then
 * global ones), that polled since `seenSince`, with `tag` when one is asked for.
 */
export function protocolRunnersFor(db: Db, projectId: number, tag: string | null, seenSince: Date) {
  return db.runner.findMany({
    where: {
      active: true,
      protocol: 'http',
      touched: { gte: seenSince },
      OR: [{ project_id: projectId }, { project_id: null }],
      ...(tag ? { tag } : {}),
    },
    orderBy: [{ project_id: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
  });
}

/** Unfinished tasks per runner, for the runners given. */
export async function runnerLoads(db: Db, runnerIds: number[]): Promise<Map<number, number>> {
  const rows = await db.task.groupBy({
    by: ['runner_id'],
    where: { runner_id: { in: runnerIds }, status: UNFINISHED },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.runner_id as number, r._count._all]));
}

/** The runners carrying `tag`, by how they talk to us. */
export async function protocolsOfTag(db: Db, tag: string): Promise<Set<string>> {
  const rows = await db.runner.findMany({ where: { tag }, select: { protocol: true }, distinct: ['protocol'] });
  return new Set(rows.map((r) => r.protocol));
}

/** Keeps a task's sealed secret survey values for its protocol runner's poll (see TaskRunnerSecret). */
export async function keepRunnerSecret(db: Db, taskId: number, sealed: string): Promise<void> {
  await db.taskRunnerSecret.upsert({
    where: { task_id: taskId },
    create: { task_id: taskId, sealed },
    update: { sealed },
  });
}

export async function runnerSecretOf(db: Db, taskId: number): Promise<string | undefined> {
  return (await db.taskRunnerSecret.findUnique({ where: { task_id: taskId } }))?.sealed;
}

export async function dropRunnerSecret(db: Db, taskId: number): Promise<void> {
  await db.taskRunnerSecret.deleteMany({ where: { task_id: taskId } });
}

/** The first and last line numbers of a task's output written between two times (inclusive). */
export async function outputSeqsBetween(db: Db, taskId: number, start: Date, end: Date) {
  const where = { task_id: taskId, time: { gte: start, lte: end } };
  const [first, last] = await Promise.all([
    db.taskOutput.findFirst({ where, orderBy: { seq: 'asc' }, select: { seq: true } }),
    db.taskOutput.findFirst({ where, orderBy: { seq: 'desc' }, select: { seq: true } }),
  ]);
  return first && last ? { first: first.seq, last: last.seq } : null;
}
