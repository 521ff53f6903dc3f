// The task journal's storage (src/journal/task-journal.ts is its only user): status changes
// through the transition rules, new task rows, and output lines. Nothing else writes a task's
// status or its output; test/architecture.test.ts checks that.
import type { Db } from './db.ts';
import type { TaskRow } from './rows.ts';
import { insertOutputLines, type OutputRow } from './task-output.ts';
import { transition, isTaskStatus, type TaskStatus, type Transition } from '../domain/task-status.ts';
import type { StageRecord } from '../domain/task-stages.ts';

export { insertOutputLines } from './task-output.ts';
export { lastOutputSeq } from './tasks.ts';

export interface StatusChange {
  changed: boolean;
  from: TaskStatus;
  to: TaskStatus;
  reason: string;
}

/** A task row as created: everything but its status, which is always `waiting` at first. */
export type NewTaskRow = Omit<Parameters<Db['task']['create']>[0]['data'], 'status' | 'id'>;

export function insertNewTask(db: Db, row: NewTaskRow): Promise<TaskRow> {
  return db.task.create({ data: { ...row, status: 'waiting' } as Parameters<Db['task']['create']>[0]['data'] });
}

/** The status a run's own moves start from; setTaskStatus tries it first, without a read. */
const USUAL_FROM: Partial<Record<TaskStatus, TaskStatus>> = {
  starting: 'waiting',
  running: 'starting',
  success: 'running',
  error: 'running',
};

/**
 * Moves a task to `to` if the rules allow it. A compare-and-set on the current status makes
 * concurrent writers (API stop, worker finish) safe: the loser re-reads and re-decides.
 */
export async function setTaskStatus(
  db: Db,
  taskId: number,
  to: TaskStatus,
  extra: { commit_hash?: string; commit_message?: string } = {},
): Promise<StatusChange> {
  // A guess that misses matches no row and changes nothing; the read-and-decide loop follows.
  const usual = USUAL_FROM[to];
  if (usual && (await compareAndSet(db, taskId, usual, transition(usual, to), to, extra))) {
    return { changed: true, from: usual, to, reason: '' };
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await db.task.findUnique({ where: { id: taskId }, select: { status: true } });
    if (!task) throw new Error(`task ${taskId} not found`);
    const from = isTaskStatus(task.status) ? task.status : 'error';
    const t = transition(from, to);
    if (!t.allowed) return { changed: false, from, to, reason: t.reason };
    if (await compareAndSet(db, taskId, task.status, t, to, extra)) return { changed: true, from, to, reason: '' };
  }
  throw new Error(`task ${taskId}: status kept changing under us`);
}

/** Moves the task to `to` only if its status is still `current`; true when it did. */
async function compareAndSet(
  db: Db,
  taskId: number,
  current: string,
  t: Transition,
  to: TaskStatus,
  extra: { commit_hash?: string; commit_message?: string },
): Promise<boolean> {
  if (!t.allowed) return false;
  const now = new Date();
  const { count } = await db.task.updateMany({
    where: { id: taskId, status: current },
    data: {
      status: to,
      ...(t.stampStart ? { start: now } : {}),
      ...(t.stampEnd ? { end: now } : {}),
      ...extra,
    },
  });
  return count === 1;
}

/** Stores the lines whose numbers are not stored yet (a retried request sends a batch twice); returns those. */
export async function appendMissingLines<L extends OutputRow>(db: Db, taskId: number, lines: L[]): Promise<L[]> {
  if (lines.length === 0) return [];
  const seqs = lines.map((l) => l.seq);
  const rows = await db.taskOutput.findMany({ where: { task_id: taskId, seq: { in: seqs } }, select: { seq: true } });
  const existing = new Set(rows.map((r) => r.seq));
  const fresh = lines.filter((l) => !existing.has(l.seq));
  await insertOutputLines(db, taskId, fresh);
  return fresh;
}

/**
 * Stores a run's stage with the ids of its first and last output rows (upstream's
 * start_output_id, end_output_id), and marks its rows with the stage's id.
 */
export async function insertStage(db: Db, taskId: number, stage: StageRecord): Promise<void> {
  const hasLines = stage.lastSeq >= stage.firstSeq;
  const rows = hasLines
    ? await db.taskOutput.findMany({
        where: { task_id: taskId, seq: { in: [stage.firstSeq, stage.lastSeq] } },
        select: { id: true, seq: true },
      })
    : [];
  const idOf = (seq: number) => rows.find((r) => r.seq === seq)?.id ?? null;
  // The stage and the marks on its lines are written together, or neither is.
  await db.$transaction(async (tx) => {
    const created = await tx.taskStage.create({
      data: {
        task_id: taskId,
        type: stage.type,
        start: stage.start,
        end: stage.end,
        start_output_id: hasLines ? idOf(stage.firstSeq) : null,
        end_output_id: hasLines ? idOf(stage.lastSeq) : null,
      },
    });
    if (hasLines)
      await tx.taskOutput.updateMany({
        where: { task_id: taskId, seq: { gte: stage.firstSeq, lte: stage.lastSeq } },
        data: { stage_id: created.id },
      });
  });
}

/**
 * Gives a `starting` task to protocol runner `runnerId` if the runner has a free slot (`limit`
 * unfinished tasks at most; 0: no limit) and the task has no other runner; true when it did.
 */
export async function assignTaskToRunner(db: Db, taskId: number, runnerId: number, limit: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (limit > 0) {
      const busy = await tx.task.count({
        where: { runner_id: runnerId, id: { not: taskId }, status: { notIn: ['success', 'error', 'stopped'] } },
      });
      if (busy >= limit) return false;
    }
    const { count } = await tx.task.updateMany({
      where: { id: taskId, status: 'starting', OR: [{ runner_id: null }, { runner_id: runnerId }] },
      data: { runner_id: runnerId },
    });
    return count === 1;
  });
}

/** Stores the commit a run checked out (a protocol runner reports it apart from any status change). */
export async function setTaskCommit(db: Db, taskId: number, hash: string, message: string): Promise<void> {
  await db.task.updateMany({ where: { id: taskId }, data: { commit_hash: hash, commit_message: message } });
}
