// Names shared by the API (which starts workflows) and the worker (which runs them); workflow code imports them, so they live here.
export const taskWorkflowId = (taskId: number) => `task-${taskId}`;

/** The one dispatcher workflow of a namespace: it holds the task queue. */
export const DISPATCHER_WORKFLOW_ID = 'signalman-dispatcher';

/** The task queue a remote runner with tag `tag` polls for the runs of tasks that need it. */
export const runnerTaskQueue = (tag: string) => `runner-${tag}`;

/** The Temporal Schedule of schedule row `scheduleId`, and the workflows it starts. */
export const scheduleTimerId = (scheduleId: number) => `schedule-${scheduleId}`;
export const SCHEDULE_TIMER_PREFIX = 'schedule-';

/** The alert of one status change of a task: one id per change, so a retried step never sends it twice. */
export const alertWorkflowId = (taskId: number, status: string) => `alert-task-${taskId}-${status}`;
