// Which live bus a process uses (DESIGN.md: in-process when the API and the worker share a
// process, PostgreSQL LISTEN/NOTIFY otherwise).
import type { Db } from '../store/db.ts';
import { databaseKind } from '../store/db.ts';
import { InProcessBus, type LiveBus } from './bus.ts';
import { taskLiveHooks, type TaskLiveHooks } from './task-events.ts';
import { PgLiveBus } from './pg-bus.ts';
import { PgTaskNotifier } from './pg-notifier.ts';

/** `bus` feeds this process's /api/ws clients; `hooks` hear the task changes this process stores. */
export interface LiveWiring {
  bus: LiveBus;
  hooks: TaskLiveHooks;
  close(): Promise<void>;
}

/** Embedded mode: one bus and one set of hooks shared by the API and the worker, so that each task's messages keep one order. */
export function inProcessLive(db: Db): LiveWiring {
  const bus = new InProcessBus();
  return { bus, hooks: taskLiveHooks(db, bus), close: async () => {} };
}

/**
 * An API server of split mode. On PostgreSQL it hears every process's task changes; on SQLite
 * (no cross-process bus) only the changes it makes itself reach its clients.
 */
export async function apiServerLive(databaseUrl: string, db: Db): Promise<LiveWiring & { crossProcess: boolean }> {
  if (databaseKind(databaseUrl) !== 'postgres') return { ...inProcessLive(db), crossProcess: false };
  const bus = new PgLiveBus(databaseUrl, db);
  await bus.start();
  const notifier = new PgTaskNotifier(databaseUrl);
  return {
    bus,
    hooks: notifier,
    crossProcess: true,
    async close() {
      await notifier.close();
      await bus.close();
    },
  };
}

/** A worker of split mode: its task changes go to the API servers through PostgreSQL. */
export function workerLive(databaseUrl: string): { hooks?: TaskLiveHooks; close(): Promise<void> } {
  if (databaseKind(databaseUrl) !== 'postgres') return { close: async () => {} };
  const notifier = new PgTaskNotifier(databaseUrl);
  return { hooks: notifier, close: () => notifier.close() };
}
