// Reads of tasks and their output, for the API and the worker. Writes go through the task
// journal (src/journal), whose storage is src/store/task-journal.ts.
import type { Db } from './db.ts';
import type { TaskRow } from './rows.ts';
import { FINISHED } from '../domain/task-status.ts';

const UNFINISHED = { notIn: [...FINISHED] };

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
    where: { status: UNFINISHED },
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

/** Tasks of the project between start and end (a project with any cannot be deleted). */
export function countActiveTasksOfProject(db: Db, projectId: number): Promise<number> {
  return db.task.count({
    where: {
      project_id: projectId,
      status: { in: ['starting', 'running', 'stopping', 'waiting_confirmation', 'confirmed'] },
    },
  });
}

/** What the finishing step needs of a task. */
export function taskForFinish(db: Db, taskId: number) {
  return db.task.findUnique({
    where: { id: taskId },
    select: { id: true, status: true, user_id: true, project_id: true, template_id: true },
  });
}

/** The task a deploy template already started for a build, if any. */
export function deployTaskOfBuild(db: Db, templateId: number, buildTaskId: number) {
  return db.task.findFirst({ where: { template_id: templateId, build_task_id: buildTaskId }, select: { id: true } });
}

/** What a live `update` message says of a task besides its status. */
export function taskUpdateFields(db: Db, taskId: number) {
  return db.task.findUnique({
    where: { id: taskId },
    select: { project_id: true, template_id: true, start: true, end: true, version: true },
  });
}

export async function projectOfTask(db: Db, taskId: number): Promise<number | null> {
  return (await db.task.findUnique({ where: { id: taskId }, select: { project_id: true } }))?.project_id ?? null;
}

export async function highestTaskId(db: Db): Promise<number> {
  return (await db.task.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0;
}

/** Tasks created after `afterId` or not finished yet (what a live feed may have missed). */
export function tasksNewOrUnfinished(db: Db, afterId: number): Promise<Array<{ id: number }>> {
  return db.task.findMany({ where: { OR: [{ id: { gt: afterId } }, { status: UNFINISHED }] }, select: { id: true } });
}

/** The task's lines after `after` (up to `upTo`), at most `limit`, as the live stream sends them. */
export function outputLinesBetween(db: Db, taskId: number, after: number, upTo: number, limit: number) {
  return db.taskOutput.findMany({
    where: { task_id: taskId, seq: Number.isFinite(upTo) ? { gt: after, lte: upTo } : { gt: after } },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { seq: true, time: true, output: true, continued: true },
  });
}
