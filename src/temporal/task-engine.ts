// The task engine on Temporal: one `taskWorkflow` per task, workflow id `task-<id>`.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TaskEngine } from '../services/task-engine.ts';
import type { taskWorkflow } from '../workflows/task.ts';
import { taskWorkflowId } from './names.ts';
import { confirmSignal, rejectSignal } from '../workflows/messages.ts';

export function temporalTaskEngine(client: Client, taskQueue: string): TaskEngine {
  return {
    async start(taskId) {
      await client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
        taskQueue,
        workflowId: taskWorkflowId(taskId),
        args: [{ taskId }],
      });
    },
    async decide(taskId, decision) {
      await client.workflow.getHandle(taskWorkflowId(taskId)).signal(decision === 'confirm' ? confirmSignal : rejectSignal);
    },
    async cancel(taskId) {
      try {
        await client.workflow.getHandle(taskWorkflowId(taskId)).cancel();
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false; // already closed: nothing to stop
        throw err;
      }
    },
  };
}
