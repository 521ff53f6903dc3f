// Start-up reconciliation: every unfinished task row must have a live workflow. A task whose
// workflow never started is started now; one whose workflow is gone (an abrupt stop of the whole
// stack) ends as `error` with a log line that says so. Nothing is left `running` forever.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../store/db.ts';
import { openTaskStatuses } from '../store/tasks.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import { taskWorkflowId } from '../workflows/names.ts';

export interface ReconcileReport {
  restarted: number[];
  failed: number[];
}

export interface ReconcileDeps {
  db: Db;
  client: Client;
  engine: TaskEngine;
  journal: TaskJournal;
}

export async function reconcileTasks({ db, client, engine, journal }: ReconcileDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { restarted: [], failed: [] };
  const open = await openTaskStatuses(db);
  for (const task of open) {
    let running = false;
    let exists = true;
    try {
      const d = await client.workflow.getHandle(taskWorkflowId(task.id)).describe();
      running = d.status.name === 'RUNNING';
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      exists = false;
    }
    if (running) continue;
    if (!exists && task.status === 'waiting') {
      await engine.start(task.id);
      report.restarted.push(task.id);
      continue;
    }
    await journal.log(
      task.id,
      `Task ended as error: its run was lost while the task was ${task.status} (Signalman was stopped abruptly)`,
    );
    await journal.setStatus(task.id, task.status === 'stopping' ? 'stopped' : 'error');
    report.failed.push(task.id);
  }
  return report;
}
