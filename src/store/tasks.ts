// Data access for tasks: status changes through the transition rules, and output lines.
import type { Db } from './db.ts';
import { transition, isTaskStatus, type TaskStatus } from '../services/task-status.ts';

export interface StatusChange {
  changed: boolean;
  from: TaskStatus;
  to: TaskStatus;
  reason: string;
}

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
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await db.task.findUnique({ where: { id: taskId }, select: { status: true } });
    if (!task) throw new Error(`task ${taskId} not found`);
    const from = isTaskStatus(task.status) ? task.status : 'error';
    const t = transition(from, to);
    if (!t.allowed) return { changed: false, from, to, reason: t.reason };
    const now = new Date();
    const { count } = await db.task.updateMany({
      where: { id: taskId, status: task.status },
      data: {
        status: to,
        ...(t.stampStart ? { start: now } : {}),
        ...(t.stampEnd ? { end: now } : {}),
        ...extra,
      },
    });
    if (count === 1) return { changed: true, from, to, reason: '' };
  }
  throw new Error(`task ${taskId}: status kept changing under us`);
}

export async function nextOutputSeq(db: Db, taskId: number): Promise<number> {
  const last = await db.taskOutput.findFirst({ where: { task_id: taskId }, orderBy: { seq: 'desc' }, select: { seq: true } });
  return (last?.seq ?? 0) + 1;
}
