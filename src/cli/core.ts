// What every process of Signalman shares, built once per process: the database, the Temporal
// client, the task journal (with the live stream listening), the task engine and the schedules' timers. The API, the
// worker's activities and start-up reconciliation are all given this one core.
import type { Client } from '@temporalio/client';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import { createTaskJournal, type JournalListener, type TaskJournal } from '../journal/task-journal.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import { temporalTaskEngine } from '../temporal/task-engine.ts';
import { temporalScheduleEngine } from '../temporal/schedule-engine.ts';
import type { ScheduleEngine } from '../services/schedule-engine.ts';
import type { TaskLiveHooks } from '../live/task-events.ts';
import { alertSettingsOf } from '../notify/settings.ts';

export interface Core {
  config: Config;
  db: Db;
  client: Client;
  journal: TaskJournal;
  engine: TaskEngine;
  /** Schedules' Temporal Schedules, kept in step with their rows. */
  timers: ScheduleEngine & { reconcile(): Promise<void> };
}

/** `live`: where this process's task changes go for /api/ws (src/live/wiring.ts); none on a lone worker on SQLite. */
export function createCore(config: Config, db: Db, client: Client, live?: TaskLiveHooks): Core {
  alertSettingsOf(config); // bad alert settings stop start-up, naming the setting, rather than the first alert
  const journal = createTaskJournal(db, ...(live ? [liveListener(live)] : []));
  return {
    config,
    db,
    client,
    journal,
    engine: temporalTaskEngine(client, db, config),
    timers: temporalScheduleEngine(client, db, config),
  };
}

function liveListener(live: TaskLiveHooks): JournalListener {
  return { status: (change) => live.onStatus(change.taskId, change.to), lines: live.onLines };
}
