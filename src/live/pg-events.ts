// What travels through PostgreSQL NOTIFY between Signalman processes: pointers, never log text.
// A `lines` event says "lines from..to of this task are stored in task__output"; the API reads
// them from there. So a payload is a few dozen bytes whatever the lines hold (NOTIFY's limit is
// 8000 bytes), and a lost or repeated event costs nothing: the reader goes by its own cursor.
import { isTaskStatus, type TaskStatus } from '../domain/task-status.ts';

export const LIVE_CHANNEL = 'signalman_live';
/** The application_name of the bus's connections (visible in pg_stat_activity). */
export const LIVE_APPLICATION = 'signalman-live';

export type TaskEvent =
  | { kind: 'lines'; task: number; from: number; to: number }
  | { kind: 'status'; task: number; status: TaskStatus };

export function encodeTaskEvent(e: TaskEvent): string {
  return e.kind === 'lines' ? `L ${e.task} ${e.from} ${e.to}` : `S ${e.task} ${e.status}`;
}

/** The event in `payload`, or null for anything this version does not understand. */
export function parseTaskEvent(payload: string): TaskEvent | null {
  const [kind, task, ...rest] = payload.split(' ');
  const id = Number(task);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (kind === 'L' && rest.length === 2) {
    const [from, to] = rest.map(Number);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from) return null;
    return { kind: 'lines', task: id, from, to };
  }
  if (kind === 'S' && rest.length === 1 && isTaskStatus(rest[0])) return { kind: 'status', task: id, status: rest[0] };
  return null;
}

/**
 * Events waiting to be sent, in order. A `lines` event joins the task's latest waiting event when
 * that is a `lines` event too, so the queue grows with status changes, not with output volume.
 */
export class TaskEventQueue {
  private readonly items: TaskEvent[] = [];
  private readonly latest = new Map<number, TaskEvent>();

  get length(): number {
    return this.items.length;
  }

  push(event: TaskEvent): void {
    const last = this.latest.get(event.task);
    if (event.kind === 'lines' && last?.kind === 'lines') {
      last.from = Math.min(last.from, event.from);
      last.to = Math.max(last.to, event.to);
      return;
    }
    const copy = { ...event };
    this.items.push(copy);
    this.latest.set(event.task, copy);
  }

  /** Takes the first event; from now on nothing joins it. */
  take(): TaskEvent | undefined {
    const event = this.items.shift();
    if (event && this.latest.get(event.task) === event) this.latest.delete(event.task);
    return event;
  }

  /** Puts back an event that could not be sent, ahead of everything else. */
  putBack(event: TaskEvent): void {
    this.items.unshift(event);
  }
}
