// scheduledRunWorkflow: what a schedule's timer starts. One local activity creates the task
// (which then runs as its own taskWorkflow through the queue like any other).
import { proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { fireSchedule } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

export async function scheduledRunWorkflow({ scheduleId }: { scheduleId: number }): Promise<string> {
  // The firing's start time tells a retried step that its task was already made.
  return await fireSchedule(scheduleId, workflowInfo().startTime.getTime());
}
