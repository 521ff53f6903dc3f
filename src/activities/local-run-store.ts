// The RunStore of a worker that can reach the database and holds the encryption key: the job is
// loaded here, statuses and output go through the task journal.
import type { Db } from '../store/db.ts';
import { taskStatus } from '../store/tasks.ts';
import { loadTaskDetails } from '../services/task-details.ts';
import { loadRunMaterial } from '../services/run-material.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { RunStore } from '../tasks/run-store.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';

export interface LocalRunStoreDeps {
  db: Db;
  encryptionKey?: Buffer | null;
  journal: TaskJournal;
  engine: TaskEngine;
  /** The configuration's apps (SEMAPHORE_APPS). */
  config: { apps: ConfiguredApps };
}

export function localRunStore({ db, encryptionKey, journal, engine, config }: LocalRunStoreDeps): RunStore {
  return {
    async loadJob(taskId, sealedSecret) {
      const details = await loadTaskDetails(db, taskId, config.apps);
      return { details, material: await loadRunMaterial(db, details, encryptionKey ?? null, sealedSecret) };
    },
    openOutput: (taskId) => journal.openOutput(taskId),
    async setStatus(taskId, to, extra) {
      await journal.setStatus(taskId, to, extra);
    },
    async status(taskId) {
      return (await taskStatus(db, taskId)) ?? 'error';
    },
    async stopRequest(taskId) {
      const request = await engine.stopRequest(taskId);
      return { force: request?.force ?? false, timedOut: request?.timedOut ?? false };
    },
    recordStage: (taskId, stage) => journal.recordStage(taskId, stage),
  };
}
