// Reads of tasks and their output, for the API and the worker. Writes go through the task
// journal (src/journal), whose storage is src/store/task-journal.ts.
import type { Db } from './db.ts';
import type { TaskRow } from './rows.ts';

export function findTask(db: Db, taskId: number): Promise<TaskRow | null> {
  return db.task.findUnique({ where: { id: taskId } });
}

export function findTaskInProject(db: Db, projectId: number, taskId: number): Promise<TaskRow | null> {
  return db.task.findFirst({ where: { id: taskId, project_id: projectId } });
}

export async function taskStatus(db: Db, taskId: number): Promise<string | null> {
  return (await db.task.findUnique({ where: { id: taskId }, select: { status: true } }))?.status ?? null;
}

export function listProjectTasks(db: Db, projectId: number, limit: number, templateId?: number): Promise<TaskRow[]> {
  return db.task.findMany({
    where: { project_id: projectId, ...(templateId ? { template_id: templateId } : {}) },
    orderBy: { id: 'desc' },
    take: limit,
  });
}

/** The task's lines after `offset`, oldest first. */
export function outputLines(db: Db, taskId: number, offset = 0, limit?: number) {
  return db.taskOutput.findMany({
    where: { task_id: taskId, seq: { gt: offset } },
    orderBy: { seq: 'asc' },
    ...(limit ? { take: limit } : {}),
  });
}

/** Tasks not finished yet, for start-up reconciliation. */
export function unfinishedTasks(db: Db): Promise<Array<{ id: number; status: string }>> {
  return db.task.findMany({
    where: { status: { notIn: ['success', 'error', 'stopped'] } },
    select: { id: true, status: true },
  });
}

export function deleteTaskRow(db: Db, taskId: number): Promise<unknown> {
  return db.task.delete({ where: { id: taskId } });
}

/** The number of the task's last stored line; 0 when it has none. */
export async function lastOutputSeq(db: Db, taskId: number): Promise<number> {
  const last = await db.taskOutput.findFirst({
    where: { task_id: taskId },
    orderBy: { seq: 'desc' },
    select: { seq: true },
  });
  return last?.seq ?? 0;
}
