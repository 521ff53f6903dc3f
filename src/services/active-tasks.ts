// GET /api/tasks: every task that has not finished, across projects, as the admin's task pool
// view shows it: waiting tasks are in the queue, the others are running.
import type { Db } from '../store/db.ts';
import { NotFoundError } from './errors.ts';
import { FINISHED } from '../domain/task-status.ts';

export interface ActiveTask {
  task_id: number;
  project_id: number;
  project_name: string;
  username: string;
  runner_id: number | null;
  runner_name: string;
  status: string;
  location: 'queue' | 'running';
}

async function activeTasks(db: Db, taskId?: number): Promise<ActiveTask[]> {
  const tasks = await db.task.findMany({
    where: { status: { notIn: [...FINISHED] }, ...(taskId !== undefined ? { id: taskId } : {}) },
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
    task_id: t.id,
    project_id: t.project_id,
    project_name: t.project.name,
    username: t.user_id === null ? '' : (username.get(t.user_id) ?? ''),
    runner_id: t.runner_id,
    runner_name: t.runner_id === null ? '' : (runnerName.get(t.runner_id) ?? ''),
    status: t.status,
    location: t.status === 'waiting' ? 'queue' : 'running',
  }));
}

export function listActiveTasks(db: Db): Promise<ActiveTask[]> {
  return activeTasks(db);
}

export async function getActiveTask(db: Db, taskId: number): Promise<ActiveTask> {
  const [task] = await activeTasks(db, taskId);
  if (!task) throw new NotFoundError(`task ${taskId} is neither queued nor running`);
  return task;
}
