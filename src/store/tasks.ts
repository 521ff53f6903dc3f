// Data access for tasks: status changes through the transition rules, and output lines.
import type { Db } from './db.ts';
import { transition, isTaskStatus, type TaskStatus, type Transition } from '../domain/task-status.ts';

export interface StatusChange {
  changed: boolean;
  from: TaskStatus;
  to: TaskStatus;
  reason: string;
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

export async function nextOutputSeq(db: Db, taskId: number): Promise<number> {
  const last = await db.taskOutput.findFirst({
    where: { task_id: taskId },
    orderBy: { seq: 'desc' },
    select: { seq: true },
  });
  return (last?.seq ?? 0) + 1;
}
