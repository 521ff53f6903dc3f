// Every activity the worker serves, built from the worker's dependencies.
import { createQueueActivities, type QueueActivityDeps } from './queue.ts';
import { createTaskActivities, type TaskActivityDeps } from './task.ts';

export type ActivityDeps = TaskActivityDeps & QueueActivityDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createTaskActivities(deps), ...createQueueActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
