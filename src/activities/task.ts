// The bookkeeping activities of a task: start (waiting → starting) and finish (final status,
// events). They need the database, so they run on the server-side workers, never on a runner.
import { templateName as storedTemplateName } from '../store/templates.ts';
import { taskForFinish } from '../store/tasks.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import { isFinished } from '../domain/task-status.ts';
import { loadTaskDetails } from '../services/task-details.ts';
import { writeEvent } from '../services/events.ts';
import { runnerTagOf } from '../services/runner-jobs.ts';
import { runsOnProtocolRunner } from '../services/runner-dispatch.ts';
import type { RunningTasks } from '../tasks/running-tasks.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import { followUpFinishedTask } from '../services/task-follow-up.ts';
import type { TaskEnding } from '../workflows/task-ending.ts';
import { failFastOnBadTask } from './failures.ts';

export interface TaskActivityDeps {
  db: Db;
  config: Config;
  runningTasks: RunningTasks;
  /** Decrypts access keys at run time; null when no key is configured (plain base64 secrets). */
  encryptionKey?: Buffer | null;
  /** Where every status change and log line of a task is written. */
  journal: TaskJournal;
  /** Starts the tasks that follow a finished one (autorun deploys). */
  engine: TaskEngine;
}

/** What startTask tells the workflow. */
export interface StartedTask {
  proceed: boolean;
  runnerTag: string | null;
  maxDurationSec: number;
  /** The run goes to a runner speaking Semaphore's protocol (absent in answers recorded before it existed). */
  protocolRunner?: true;
}

export function createTaskActivities(deps: TaskActivityDeps) {
  const { db, journal } = deps;
  const followUp = { db, journal, engine: deps.engine, maxTasksPerTemplate: deps.config.maxTasksPerTemplate };

  return {
    /**
     * waiting → starting. Returns false when the task was stopped before it could start; with the
     * runner tag it needs and how long it may run (SEMAPHORE_MAX_TASK_DURATION_SEC; 0: no limit).
     */
    async startTask(taskId: number): Promise<StartedTask> {
      const { maxTaskDurationSec: maxDurationSec } = deps.config;
      const change = await journal.setStatus(taskId, 'starting');
      // A task that cannot run fails here, before any runner sees it, and for good: no retry.
      const details = await failFastOnBadTask(() => loadTaskDetails(db, taskId, deps.config.apps));
      const runnerTag = await runnerTagOf(db, details.template, details.inventoryId);
      // Only set when true, so that the answer recorded for a task that runs as before is as before.
      const protocol = (await runsOnProtocolRunner(db, deps.config.settings, runnerTag))
        ? { protocolRunner: true as const }
        : {};
      if (!change.changed) return { proceed: change.from === 'starting', runnerTag, maxDurationSec, ...protocol };
      await journal.log(taskId, `Started: ${taskId}`, `Run TaskRunner with template: ${details.template.name}`);
      await writeEvent(db, {
        user_id: details.task.user_id,
        project_id: details.task.project_id,
        object_type: 'task',
        object_id: taskId,
        description: `Task ID ${taskId} (${details.template.name}) is running`,
      });
      return { proceed: true, runnerTag, maxDurationSec, ...protocol };
    },

    /**
     * Ends the task: after a run, the run has set its final status; otherwise (a stop before it
     * ran, a task that cannot run, a lost worker) the task takes the ending's status with its
     * reason in the log. Writes the "finished" event and returns the final status.
     * (`ending` as a status and `legacyReason`: how workflows of 0.1.0 scheduled this step.)
     */
    async finishTask(taskId: number, ending: TaskEnding | 'stopped' | 'error', legacyReason = ''): Promise<string> {
      const { status: fallback, reason } =
        typeof ending === 'string' ? { status: ending, reason: legacyReason } : endingFallback(ending);
      let task = await taskForFinish(db, taskId);
      if (!task) return 'error';
      if (!isFinished(task.status)) {
        await journal.log(taskId, reason);
        await journal.setStatus(taskId, fallback);
        task = await taskForFinish(db, taskId); // `fallback`, or what another writer set first
        if (!task) return 'error';
      }
      // A finished status is final, so `task.status` is the one to report from here on.
      await followUpFinishedTask(followUp, task); // autorun deploys, history pruning
      const templateName = await storedTemplateName(db, task.template_id);
      await writeEvent(db, {
        user_id: task.user_id,
        project_id: task.project_id,
        object_type: 'task',
        object_id: taskId,
        description: `Task ID ${taskId} (${templateName ?? ''}) finished - ${task.status.toUpperCase()}`,
      });
      return task.status;
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;

/** What a task that is not finished yet becomes when its workflow ends this way. */
function endingFallback(ending: TaskEnding): { status: 'stopped' | 'error'; reason: string } {
  switch (ending.kind) {
    case 'ran':
      return { status: 'error', reason: 'Task ended without a result' };
    case 'stopped':
      return { status: 'stopped', reason: ending.reason };
    case 'failed':
      return { status: 'error', reason: ending.reason };
  }
}
