// Every activity the server-side worker serves, built from the worker's dependencies.
import { createQueueActivities, type QueueActivityDeps } from './queue.ts';
import { createTaskActivities, type TaskActivityDeps } from './task.ts';
import { createRunActivities } from './run-task.ts';
import { createScheduleActivities, type ScheduleActivityDeps } from './schedule.ts';
import { localRunStore } from './local-run-store.ts';
import { createAlertActivities } from './alerts.ts';
import { createProtocolRunnerActivities } from './protocol-runner.ts';

export type ActivityDeps = TaskActivityDeps & QueueActivityDeps & ScheduleActivityDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createQueueActivities(deps),
    ...createScheduleActivities(deps),
    ...createAlertActivities(deps),
    ...createRunActivities(localRunStore(deps), deps.config, deps.runningTasks),
    ...createProtocolRunnerActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
