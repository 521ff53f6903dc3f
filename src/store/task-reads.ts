// Reads of tasks for templates, runs, builds, the task pool and the dispatcher, and the sweep of
// old history. (To be folded into ./tasks.ts, which owns the tasks' status changes.)
import type { Db } from './db.ts';
import type { TaskRow } from './rows.ts';
import { FINISHED } from '../domain/task-status.ts';

const FINISHED_STATUSES = [...FINISHED];

export function findTaskRow(db: Db, taskId: number): Promise<TaskRow | null> {
  return db.task.findUnique({ where: { id: taskId } });
}

/** The username of the user who started a task; null when there is no such user. */
export async function usernameOf(db: Db, userId: number): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { username: true } });
  return user?.username ?? null;
}

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
