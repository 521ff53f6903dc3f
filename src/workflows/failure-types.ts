// The types of the failures activities raise on purpose, shared by the workflows that read them.

/** The task cannot run as stored (a missing template, repository or inventory; bad stored data): never retried. */
export const TASK_CANNOT_RUN = 'TaskCannotRun';

/** The worker running the task shut down and stopped it (src/tasks/running-tasks.ts). */
export const TASK_INTERRUPTED = 'TaskInterrupted';

/** An alert channel did not take the alert; `nonRetryable` when another try would be refused as well. */
export const ALERT_NOT_DELIVERED = 'AlertNotDelivered';
