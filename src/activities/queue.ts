// Activities that talk to the dispatcher: ask for a slot and give it back.
import type { Client } from '@temporalio/client';
import type { Db } from '../store/db.ts';
import type { Config } from '../config/index.ts';
import { slotRequestFor } from '../services/slot-request.ts';
import { dispatcherClient } from '../temporal/dispatcher-client.ts';

export interface QueueActivityDeps {
  db: Db;
  config: Config;
  client: Client;
}

export function createQueueActivities({ db, config, client }: QueueActivityDeps) {
  const dispatcher = dispatcherClient(client, config.taskQueue, config.maxParallelTasks);
  return {
    /** Idempotent: the API already asked when it created the task; this covers an API that died. */
    async requestSlot(taskId: number): Promise<void> {
      await dispatcher.request(await slotRequestFor(db, taskId, config.maxParallelTasks));
    },
    async releaseSlot(taskId: number): Promise<void> {
      await dispatcher.release(taskId);
    },
  };
}
