// Signals to the dispatcher, starting it when it is not running yet (signal-with-start).
import type { Client } from '@temporalio/client';
import type { dispatcherWorkflow } from '../workflows/dispatcher.ts';
import { releaseSlotSignal, requestSlotSignal, type SlotRequestMessage } from '../workflows/messages.ts';
import { DISPATCHER_WORKFLOW_ID } from '../workflows/names.ts';

export function dispatcherClient(client: Client, taskQueue: string, globalLimit: number) {
  const start = {
    workflowId: DISPATCHER_WORKFLOW_ID,
    taskQueue,
    args: [{ waiting: [], running: [], globalLimit }] as Parameters<typeof dispatcherWorkflow>,
  };
  return {
    async request(request: SlotRequestMessage): Promise<void> {
      await client.workflow.signalWithStart<typeof dispatcherWorkflow, [SlotRequestMessage]>('dispatcherWorkflow', {
        ...start,
        signal: requestSlotSignal,
        signalArgs: [request],
      });
    },
    async release(taskId: number): Promise<void> {
      await client.workflow.signalWithStart<typeof dispatcherWorkflow, [number]>('dispatcherWorkflow', {
        ...start,
        signal: releaseSlotSignal,
        signalArgs: [taskId],
      });
    },
  };
}
