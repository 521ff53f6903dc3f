// The task engine on Temporal: one `taskWorkflow` per task, workflow id `task-<id>`.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TaskEngine } from '../services/task-engine.ts';
import type { taskWorkflow } from '../workflows/task.ts';
import { taskWorkflowId } from '../workflows/names.ts';
import { dispatcherClient } from './dispatcher-client.ts';
import { accessKeyFile, type Config } from '../config/index.ts';
import { readEncryptionKey } from '../security/access-key-crypto.ts';
import { sealTaskSecret } from '../security/task-secret-seal.ts';
import type { Db } from '../store/db.ts';
import { slotRequestFor } from '../services/slot-request.ts';
import { confirmSignal, rejectSignal, stopRequestQuery, stopSignal } from '../workflows/messages.ts';

export function temporalTaskEngine(client: Client, db: Db, config: Config): TaskEngine {
  const dispatcher = dispatcherClient(client, config.taskQueue, config.maxParallelTasks);
  return {
    async start(taskId, secret) {
      // Secret survey values travel in the workflow's input, sealed for this task alone; the
      // history holds only the sealed text, and every run of the task (an apply after its plan,
      // a run on a remote runner, a replay on another worker) opens it again.
      const sealed =
        secret && Object.keys(secret).length
          ? sealTaskSecret(secret, taskId, readEncryptionKey(config.accessKeyEncryption, accessKeyFile(config)))
          : undefined;
      const [, request] = await Promise.all([
        client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
          taskQueue: config.taskQueue,
          workflowId: taskWorkflowId(taskId),
          args: [sealed ? { taskId, secret: sealed } : { taskId }],
        }),
        slotRequestFor(db, taskId, config.maxParallelTasks),
      ]);
      // Queue the task now, so that tasks created one after another are queued in that order
      // (its workflow exists by now, ready for the grant).
      await dispatcher.request(request);
    },
    async decide(taskId, decision) {
      try {
        await client.workflow
          .getHandle(taskWorkflowId(taskId))
          .signal(decision === 'confirm' ? confirmSignal : rejectSignal);
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false; // the run is gone: nobody waits for the decision
        throw err;
      }
    },
    async cancel(taskId, request) {
      try {
        const handle = client.workflow.getHandle(taskWorkflowId(taskId));
        await handle.signal(stopSignal, request); // how to stop travels with the stop
        await handle.cancel();
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false; // already closed: nothing to stop
        throw err;
      }
    },
    async stopRequest(taskId) {
      try {
        return await client.workflow.getHandle(taskWorkflowId(taskId)).query(stopRequestQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
    },
  };
}
