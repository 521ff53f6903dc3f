// What happens once a task has ended: deploy templates set to autorun start after a successful
// build (§3.3), and the template's history is pruned (max_tasks_per_template).
// Safe to run twice for the same task (the finishing activity may be retried).
import { autorunTemplatesOf } from '../store/templates.ts';
import { deployTaskOfBuild } from '../store/tasks.ts';
import { taskBody } from '../contracts/tasks.ts';
import { createTask, type TaskContext } from './tasks.ts';
import { pruneTemplateTasks } from './task-pruning.ts';
import { isFinished } from '../domain/task-status.ts';

export interface FollowUpDeps extends TaskContext {
  maxTasksPerTemplate: number;
}

/** `task` as the caller just read it; nothing happens for a task that has not finished. */
export async function followUpFinishedTask(
  deps: FollowUpDeps,
  task: { id: number; project_id: number; template_id: number; status: string },
): Promise<void> {
  if (!isFinished(task.status)) return;
  if (task.status === 'success') await startAutorunTasks(deps, task);
  await pruneTemplateTasks(deps.db, task.template_id, deps.maxTasksPerTemplate, task.id);
}

/** One new task per autorun template built from this task's template, carrying build_task_id, no user. */
async function startAutorunTasks(
  ctx: TaskContext,
  build: { id: number; project_id: number; template_id: number },
): Promise<void> {
  const { db, journal } = ctx;
  const templates = await autorunTemplatesOf(db, build.project_id, build.template_id);
  for (const tpl of templates) {
    const started = await deployTaskOfBuild(db, tpl.id, build.id);
    if (started) continue;
    try {
      await createTask(ctx, {
        caller: null,
        projectId: build.project_id,
        body: taskBody.parse({ template_id: tpl.id, build_task_id: build.id }),
      });
    } catch (err) {
      // The build itself succeeded; the failure to start its deploy shows in the build's log.
      await journal.log(build.id, `Autorun of template ${tpl.id} (${tpl.name}) failed: ${(err as Error).message}`);
    }
  }
}
