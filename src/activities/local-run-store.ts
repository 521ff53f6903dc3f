// The RunStore of a worker that can reach the database and holds the encryption key.
import type { Db } from '../store/db.ts';
import { setTaskStatus } from '../store/tasks.ts';
import { loadTaskDetails } from '../services/task-details.ts';
import { loadRunMaterial } from '../services/run-material.ts';
import type { TaskStatus } from '../domain/task-status.ts';
import { TaskOutputWriter, type OutputListener } from '../tasks/output-writer.ts';
import type { RunStore } from '../tasks/run-store.ts';

export interface LocalRunStoreDeps {
  db: Db;
  encryptionKey?: Buffer | null;
  onLines?: OutputListener;
  onStatus?: (taskId: number, status: TaskStatus) => void;
}

export function localRunStore({ db, encryptionKey, onLines, onStatus }: LocalRunStoreDeps): RunStore {
  return {
    async loadJob(taskId) {
      const details = await loadTaskDetails(db, taskId);
      return { details, material: await loadRunMaterial(db, details, encryptionKey ?? null) };
    },
    openOutput: (taskId) => TaskOutputWriter.open(db, taskId, onLines),
    async setStatus(taskId, to, extra) {
      const change = await setTaskStatus(db, taskId, to, extra);
      if (change.changed) onStatus?.(taskId, to);
    },
    async status(taskId) {
      const task = await db.task.findUnique({ where: { id: taskId }, select: { status: true } });
      return task?.status ?? 'error';
    },
  };
}
