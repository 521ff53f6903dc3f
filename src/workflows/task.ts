// taskWorkflow: the story of one task run. Deterministic; every side effect is an activity.
import { ActivityCancellationType, CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { TaskActivities } from '../activities/task.ts';

export interface TaskWorkflowInput {
  taskId: number;
}

// Short bookkeeping steps: safe to retry.
const bookkeeping = proxyActivities<TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '1 second' },
});

// The run itself: never retried (a playbook must not run twice by accident); heartbeats let a
// lost worker be noticed within the heartbeat timeout, and a stop reach the process at once.
const execution = proxyActivities<TaskActivities>({
  startToCloseTimeout: '24 hours',
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

export async function taskWorkflow({ taskId }: TaskWorkflowInput): Promise<string> {
  try {
    const { proceed } = await bookkeeping.startTask(taskId);
    if (proceed) await execution.runTask(taskId);
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => bookkeeping.finishTask(taskId, 'stopped', 'Task stopped before it ran'));
      throw err;
    }
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    return await CancellationScope.nonCancellable(() =>
      bookkeeping.finishTask(taskId, 'error', `Task ended because its run was lost: ${reason}`),
    );
  }
  return await bookkeeping.finishTask(taskId, 'error', 'Task ended without a result');
}
