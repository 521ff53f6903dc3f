// Schedules on Temporal (DESIGN.md): one Temporal Schedule per schedule row, id `schedule-<id>`.
// Its action starts `scheduledRunWorkflow`, which creates the task as the API would (no user,
// `schedule_id` set, the schedule's task_params applied). Cron schedules fire on their cron
// expression in the configured time zone (SIGNALMAN_SCHEDULE_TIMEZONE, UTC by default); one-off `run_at` schedules fire once at that time. An inactive schedule is
// paused. Rows and timers are reconciled at start-up, after every change through the API, and
// whenever a timer fires for a row that is gone.
import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import type { ScheduleRow } from '../store/rows.ts';
import { findSchedule, scheduleIds } from '../store/schedules.ts';
import type { ScheduleEngine } from '../services/schedule-engine.ts';
import type { scheduledRunWorkflow } from '../workflows/schedule.ts';
import { SCHEDULE_TIMER_PREFIX, scheduleTimerId } from '../workflows/names.ts';

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** When the row fires, as Temporal spells it; null when it never will (a run_at in the past, no cron). */
export function timerSpec(
  row: Pick<ScheduleRow, 'type' | 'cron_format' | 'run_at'>,
  timezone: string,
  now = new Date(),
): ScheduleSpec | null {
  if (row.type === 'run_at') {
    const at = row.run_at;
    if (!at || at.getTime() <= now.getTime()) return null;
    return {
      calendars: [
        {
          year: at.getUTCFullYear(),
          month: MONTHS[at.getUTCMonth()],
          dayOfMonth: at.getUTCDate(),
          hour: at.getUTCHours(),
          minute: at.getUTCMinutes(),
          second: at.getUTCSeconds(),
        },
      ],
      timezone: 'UTC',
    };
  }
  if (!row.cron_format.trim()) return null;
  return { cronExpressions: [row.cron_format.trim()], timezone };
}

/**
 * For the API: a change to a schedule is saved even when Temporal cannot be told right now; the
 * timer catches up at the next start-up reconcile (or the next change), and the log says so.
 */
export function forgivingScheduleEngine(engine: ScheduleEngine): ScheduleEngine {
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      console.error(
        `[signalman] ${what}: Temporal could not be told (${(err as Error).message}); it will be at the next start`,
      );
    }
  };
  return {
    sync: (id) => attempt(`schedule ${id}`, () => engine.sync(id)),
    syncProject: (id) => attempt(`schedules of project ${id}`, () => engine.syncProject(id)),
  };
}

export function temporalScheduleEngine(
  client: Client,
  db: Db,
  config: Config,
): ScheduleEngine & { reconcile(): Promise<void> } {
  async function remove(scheduleId: number): Promise<void> {
    try {
      await client.schedule.getHandle(scheduleTimerId(scheduleId)).delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }

  function options(row: ScheduleRow, spec: ScheduleSpec): ScheduleOptions {
    return {
      scheduleId: scheduleTimerId(row.id),
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'scheduledRunWorkflow',
        args: [{ scheduleId: row.id }] as Parameters<typeof scheduledRunWorkflow>,
        taskQueue: config.taskQueue,
        workflowId: `${scheduleTimerId(row.id)}-run`,
      },
      // Tasks queue like any other; a firing missed while everything was down is not made up.
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 minute' },
      state: { paused: !row.active, ...(row.type === 'run_at' ? { remainingActions: 1 } : {}) },
    };
  }

  async function sync(scheduleId: number): Promise<void> {
    const row = await findSchedule(db, scheduleId);
    const spec = row ? timerSpec(row, config.scheduleTimezone) : null;
    if (!row || !spec) return remove(scheduleId);
    const wanted = options(row, spec);
    try {
      await client.schedule.getHandle(wanted.scheduleId).update((previous) => ({
        ...previous,
        spec: wanted.spec,
        action: wanted.action,
        policies: { ...previous.policies, ...wanted.policies },
        state: { ...previous.state, paused: !row.active, ...(row.type === 'run_at' ? { remainingActions: 1 } : {}) },
      }));
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await client.schedule.create(wanted);
    }
  }

  return {
    sync,
    async syncProject(projectId) {
      for (const id of await scheduleIds(db, projectId)) await sync(id);
    },
    /** Every row gets its timer; timers whose row is gone are removed. */
    async reconcile() {
      const ids = await scheduleIds(db);
      for (const id of ids) await sync(id);
      const known = new Set(ids.map(scheduleTimerId));
      for await (const timer of client.schedule.list()) {
        if (timer.scheduleId.startsWith(SCHEDULE_TIMER_PREFIX) && !known.has(timer.scheduleId)) {
          await remove(Number(timer.scheduleId.slice(SCHEDULE_TIMER_PREFIX.length)));
        }
      }
    },
  };
}
