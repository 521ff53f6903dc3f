// The activity a schedule's timer runs: create the task the schedule stands for, as upstream's
// scheduler does (no user, schedule_id set, the schedule's task_params applied), or explain in
// the event log why not.
import type { Client } from '@temporalio/client';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import { deleteScheduleRow, findSchedule, updateScheduleRow } from '../store/schedules.ts';
import { firstTaskOfScheduleSince } from '../store/tasks.ts';
import { StoredJsonError } from '../store/json-columns.ts';
import { taskBodyFromParams } from '../services/task-params.ts';
import { createTask } from '../services/tasks.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import { writeEvent } from '../services/events.ts';
import { AppError } from '../services/errors.ts';
import type { ScheduleEngine } from '../services/schedule-engine.ts';
import { repositoryHead } from './repository-head.ts';

export interface ScheduleActivityDeps {
  db: Db;
  config: Config;
  client: Client;
  /** Decrypts the repository's key for a "run on new commit" schedule's `git ls-remote`. */
  encryptionKey?: Buffer | null;
  journal: TaskJournal;
  engine: TaskEngine;
  /** The schedules' timers: a deleted or used-up schedule's timer goes with it. */
  timers: ScheduleEngine;
}

export function createScheduleActivities(deps: ScheduleActivityDeps) {
  const { db, config, timers } = deps;

  return {
    /**
     * Returns what happened, for the workflow's result: "task N", or why nothing ran.
     * `firedAt` (ms) identifies the firing: a task of this schedule created since then is this
     * firing's own, made by an attempt that did not live to report it, and is not made again.
     */
    async fireSchedule(scheduleId: number, firedAt = Date.now()): Promise<string> {
      const schedule = await findSchedule(db, scheduleId);
      if (!schedule) {
        await timers.sync(scheduleId); // the row is gone: so goes its timer
        return 'schedule deleted';
      }
      if (!schedule.active) return 'schedule inactive';
      const already = await firstTaskOfScheduleSince(db, schedule.id, new Date(firedAt));
      let head: string | null = null;
      if (schedule.repository_id) {
        head = await repositoryHead(
          db,
          config,
          schedule.project_id,
          schedule.repository_id,
          deps.encryptionKey ?? null,
        );
        if (!already && (!head || head === schedule.last_commit_hash)) return 'no new commit';
      }
      const done = async (taskId: number) => {
        // The commit counts as seen only once its task exists, so a failure in between loses no run.
        if (head && head !== schedule.last_commit_hash)
          await updateScheduleRow(db, schedule.id, { last_commit_hash: head });
        if (schedule.type === 'run_at' && schedule.delete_after_run) {
          await deleteScheduleRow(db, schedule.id);
          await timers.sync(schedule.id);
        }
        return `task ${taskId}`;
      };
      if (already) return done(already.id);
      const refuse = async (reason: string) => {
        // Retrying will not help (its template is gone, its task_params are not a valid task, JSON
        // stored in its template is bad):
        // the project's event log says why nothing ran.
        await writeEvent(db, {
          user_id: null,
          project_id: schedule.project_id,
          object_type: 'schedule',
          object_id: schedule.id,
          description: `Schedule ID ${schedule.id} could not start a task: ${reason}`,
        });
        return `refused: ${reason}`;
      };
      const body = taskBodyFromParams(schedule.template_id, schedule.task_params);
      if (!body.ok) return refuse(body.problem);
      try {
        const task = await createTask(deps, {
          caller: null,
          projectId: schedule.project_id,
          body: body.body,
          origin: { schedule_id: schedule.id },
        });
        return await done(task.id);
      } catch (err) {
        if ((err instanceof AppError && err.status < 500) || err instanceof StoredJsonError) return refuse(err.message);
        throw err; // the database or Temporal: worth another attempt
      }
    },
  };
}
