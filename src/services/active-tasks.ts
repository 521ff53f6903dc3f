// GET /api/tasks: every task that has not finished, across projects, as the admin's task pool
// view shows it: waiting tasks are in the queue, the others are running.
import type { Db } from '../store/db.ts';
import { unfinishedTasks } from '../store/tasks.ts';
import { NotFoundError } from './errors.ts';

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
  return (await unfinishedTasks(db, taskId)).map((t) => ({
    task_id: t.id,
    project_id: t.project_id,
    project_name: t.project_name,
    username: t.username,
    runner_id: t.runner_id,
    runner_name: t.runner_name,
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
