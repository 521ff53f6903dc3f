// Reads of tasks and their output (for the API, the worker, templates, builds, the task pool and the
// dispatcher), and the sweep of old history. Writes go through the task
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

/**
 * Each template's last task id (its highest), for the given templates of one project: one grouped
 * query (the (template_id, id) index answers it), however many templates there are.
 */
export async function lastTaskIds(db: Db, projectId: number, templateIds: number[]): Promise<number[]> {
  if (templateIds.length === 0) return [];
  const groups = await db.task.groupBy({
    by: ['template_id'],
    where: { project_id: projectId, template_id: { in: templateIds } },
    _max: { id: true },
  });
  return groups.map((g) => g._max.id).filter((id): id is number => id !== null);
}

export function tasksByIds(db: Db, projectId: number, ids: number[]): Promise<TaskRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.task.findMany({ where: { project_id: projectId, id: { in: ids } } });
}

/** The task's lines after `offset`, oldest first. */
export function outputLines(db: Db, taskId: number, offset = 0, limit?: number) {
  return db.taskOutput.findMany({
    where: { task_id: taskId, seq: { gt: offset } },
    orderBy: { seq: 'asc' },
    ...(limit ? { take: limit } : {}),
  });
}

/** Tasks not finished yet and their statuses (start-up reconciliation, the live stream's feeds). */
export function openTaskStatuses(db: Db): Promise<Array<{ id: number; status: string }>> {
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

const FINISHED_STATUSES = [...FINISHED];

export function countUnfinishedTasksOfTemplate(db: Db, templateId: number): Promise<number> {
  return db.task.count({ where: { template_id: templateId, status: { notIn: FINISHED_STATUSES } } });
}

/** The first task a schedule created at or after `since`, if any. */
export function firstTaskOfScheduleSince(db: Db, scheduleId: number, since: Date): Promise<TaskRow | null> {
  return db.task.findFirst({ where: { schedule_id: scheduleId, created: { gte: since } }, orderBy: { id: 'asc' } });
}

/** The version of the template's newest task that has one. */
export async function latestTaskVersion(db: Db, templateId: number): Promise<string | null> {
  const task = await db.task.findFirst({
    where: { template_id: templateId, version: { not: null } },
    orderBy: { id: 'desc' },
    select: { version: true },
  });
  return task?.version ?? null;
}

/** A task's version and the build task it names; null when the project has no such task. */
export function buildLinkOf(
  db: Db,
  projectId: number,
  taskId: number,
): Promise<{ version: string | null; build_task_id: number | null } | null> {
  return db.task.findFirst({
    where: { id: taskId, project_id: projectId },
    select: { version: true, build_task_id: true },
  });
}

/** Ids of the template's finished tasks, newest first. */
export async function finishedTaskIdsNewestFirst(db: Db, templateId: number): Promise<number[]> {
  const rows = await db.task.findMany({
    where: { template_id: templateId, status: { in: FINISHED_STATUSES } },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  return rows.map((t) => t.id);
}

/** Which of the builds `buildTaskIds` an unfinished task (a deploy) still points at. */
export async function buildsInUse(db: Db, buildTaskIds: number[]): Promise<Set<number | null>> {
  const rows = await db.task.findMany({
    where: { build_task_id: { in: buildTaskIds }, status: { notIn: FINISHED_STATUSES } },
    select: { build_task_id: true },
  });
  return new Set(rows.map((t) => t.build_task_id));
}

/** Deletes those of tasks `ids` that are finished (their output goes with them); returns how many. */
export async function deleteFinishedTasks(db: Db, ids: number[]): Promise<number> {
  const { count } = await db.task.deleteMany({ where: { id: { in: ids }, status: { in: FINISHED_STATUSES } } });
  return count;
}

export interface UnfinishedTaskRow {
  id: number;
  project_id: number;
  project_name: string;
  user_id: number | null;
  /** '' when the user is gone. */
  username: string;
  runner_id: number | null;
  /** '' when the runner is gone. */
  runner_name: string;
  status: string;
}

/** Every unfinished task (or only task `taskId`, if unfinished), oldest first, with the names around it. */
export async function unfinishedTasks(db: Db, taskId?: number): Promise<UnfinishedTaskRow[]> {
  const tasks = await db.task.findMany({
    where: { status: { notIn: FINISHED_STATUSES }, ...(taskId !== undefined ? { id: taskId } : {}) },
    select: {
      id: true,
      project_id: true,
      user_id: true,
      runner_id: true,
      status: true,
      project: { select: { name: true } },
    },
    orderBy: { id: 'asc' },
  });
  const userIds = [...new Set(tasks.flatMap((t) => (t.user_id === null ? [] : [t.user_id])))];
  const runnerIds = [...new Set(tasks.flatMap((t) => (t.runner_id === null ? [] : [t.runner_id])))];
  const [users, runners] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } }) : [],
    runnerIds.length ? db.runner.findMany({ where: { id: { in: runnerIds } }, select: { id: true, name: true } }) : [],
  ]);
  const username = new Map(users.map((u) => [u.id, u.username]));
  const runnerName = new Map(runners.map((r) => [r.id, r.name]));
  return tasks.map((t) => ({
    id: t.id,
    project_id: t.project_id,
    project_name: t.project.name,
    user_id: t.user_id,
    username: t.user_id === null ? '' : (username.get(t.user_id) ?? ''),
    runner_id: t.runner_id,
    runner_name: t.runner_id === null ? '' : (runnerName.get(t.runner_id) ?? ''),
    status: t.status,
  }));
}

/** What the dispatcher needs about a task: its project and template, and their parallelism settings. */
export async function slotFactsOf(db: Db, taskId: number) {
  const task = await db.task.findUniqueOrThrow({
    where: { id: taskId },
    select: { project_id: true, template_id: true },
  });
  const [template, project] = await Promise.all([
    db.template.findUnique({ where: { id: task.template_id }, select: { allow_parallel_tasks: true } }),
    db.project.findUnique({ where: { id: task.project_id }, select: { max_parallel_tasks: true } }),
  ]);
  return {
    projectId: task.project_id,
    templateId: task.template_id,
    allowParallel: template?.allow_parallel_tasks ?? false,
    projectLimit: project?.max_parallel_tasks ?? 0,
  };
}

/** What the runner-tag rule needs of a task. */
export function taskRunnerFacts(db: Db, taskId: number) {
  return db.task.findUnique({
    where: { id: taskId },
    select: { project_id: true, template_id: true, inventory_id: true },
  });
}
