// What happens once a task has ended: deploy templates set to autorun start after a successful
// build (§3.3), and the template's history is pruned (max_tasks_per_template).
// Safe to run twice for the same task (the finishing activity may be retried).
import type { Db } from '../store/db.ts';
import { taskBody } from '../contracts/tasks.ts';
import { TaskOutputWriter } from '../tasks/output-writer.ts';
import type { TaskEngine } from './task-engine.ts';
import { createTask, type TaskObserver } from './tasks.ts';
import { pruneTemplateTasks } from './task-pruning.ts';
import { isFinished } from '../domain/task-status.ts';

export interface FollowUpDeps {
  db: Db;
  engine: TaskEngine;
  maxTasksPerTemplate: number;
  /** Hears the new tasks' first status and line, so that /api/ws shows autorun deploys at once. */
  observer?: TaskObserver;
}

/** `task` as the caller just read it; nothing happens for a task that has not finished. */
export async function followUpFinishedTask(
  { db, engine, maxTasksPerTemplate, observer }: FollowUpDeps,
  task: { id: number; project_id: number; template_id: number; status: string },
): Promise<void> {
  if (!isFinished(task.status)) return;
  if (task.status === 'success') await startAutorunTasks(db, engine, task, observer);
  await pruneTemplateTasks(db, task.template_id, maxTasksPerTemplate, task.id);
}

/** One new task per autorun template built from this task's template, carrying build_task_id, no user. */
async function startAutorunTasks(
  db: Db,
  engine: TaskEngine,
  build: { id: number; project_id: number; template_id: number },
  observer?: TaskObserver,
): Promise<void> {
  const templates = await db.template.findMany({
    where: { project_id: build.project_id, build_template_id: build.template_id, autorun: true },
    select: { id: true, name: true },
    orderBy: { id: 'asc' },
  });
  for (const tpl of templates) {
    const started = await db.task.findFirst({
      where: { template_id: tpl.id, build_task_id: build.id },
      select: { id: true },
    });
    if (started) continue;
    try {
      await createTask(
        db,
        engine,
        null,
        build.project_id,
        taskBody.parse({ template_id: tpl.id, build_task_id: build.id }),
        observer,
      );
    } catch (err) {
      // The build itself succeeded; the failure to start its deploy shows in the build's log.
      const writer = await TaskOutputWriter.open(db, build.id);
      writer.write(`Autorun of template ${tpl.id} (${tpl.name}) failed: ${(err as Error).message}`);
      await writer.close();
    }
  }
}
