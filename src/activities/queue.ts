// Activities that talk to the dispatcher: ask for a slot and give it back.
import type { Client } from '@temporalio/client';
import type { Db } from '../store/db.ts';
import type { Config } from '../config/index.ts';
import { slotRequestFor } from '../services/slot-request.ts';
import { dispatcherClient } from '../temporal/dispatcher-client.ts';
import { runnerTaskQueue } from '../workflows/names.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import proto from '@temporalio/proto';

export interface QueueActivityDeps {
  db: Db;
  config: Config;
  client: Client;
  journal: TaskJournal;
}

export function createQueueActivities({ db, config, client, journal }: QueueActivityDeps) {
  const dispatcher = dispatcherClient(client, config.taskQueue, config.maxParallelTasks);
  return {
    /** Idempotent: the API already asked when it created the task; this covers an API that died. */
    async requestSlot(taskId: number): Promise<void> {
      await dispatcher.request(await slotRequestFor(db, taskId, config.maxParallelTasks));
    },
    async releaseSlot(taskId: number): Promise<void> {
      await dispatcher.release(taskId);
    },

    /** Says in the task's log where its run goes, and when no runner of that tag is polling. */
    async noteRunnerWait(taskId: number, tag: string): Promise<void> {
      const queue = await client.workflowService.describeTaskQueue({
        namespace: config.temporalNamespace,
        taskQueue: { name: runnerTaskQueue(tag) },
        taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      });
      const live = (queue.pollers ?? []).length > 0;
      await journal.log(
        taskId,
        live
          ? `Sent to a runner with tag "${tag}"`
          : `Waiting for a runner with tag "${tag}": none is connected right now`,
      );
    },
  };
}
