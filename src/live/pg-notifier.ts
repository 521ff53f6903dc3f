// The writers' side of the PostgreSQL bus (split mode): task hooks that NOTIFY every API process.
// One session sends every event, one at a time and in the order the hooks were called, so
// listeners see them in that order. An event that fails is sent again once the session is back;
// the lines it points at are already stored, so nothing but a short delay is lost.
import type pg from 'pg';
import type { OutputLine } from '../tasks/output-writer.ts';
import type { TaskStatus } from '../domain/task-status.ts';
import type { TaskLiveHooks } from './task-events.ts';
import { connectUntilUp, pause } from './pg-connect.ts';
import { encodeTaskEvent, LIVE_CHANNEL, TaskEventQueue, type TaskEvent } from './pg-events.ts';

const RETRY_AFTER_FAILURE_MS = 200;

export class PgTaskNotifier implements TaskLiveHooks {
  private readonly queue = new TaskEventQueue();
  private client: pg.Client | null = null;
  private pumping: Promise<void> | null = null;
  private stopped = false;
  private failing = false;

  constructor(private readonly url: string) {}

  /** Called after `lines` are stored: points at them. */
  readonly onLines = (taskId: number, lines: OutputLine[]): void => {
    if (lines.length === 0) return;
    let from = lines[0].seq;
    let to = from;
    for (const { seq } of lines) {
      if (seq < from) from = seq;
      if (seq > to) to = seq;
    }
    this.send({ kind: 'lines', task: taskId, from, to });
  };

  readonly onStatus = (taskId: number, status: TaskStatus): void => {
    this.send({ kind: 'status', task: taskId, status });
  };

  /** Sends what is still waiting (for at most `graceMs`), then closes the session. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.pumping) await Promise.race([this.pumping, pause(graceMs)]);
    this.stopped = true;
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private send(event: TaskEvent): void {
    if (this.stopped) return;
    this.queue.push(event);
    this.pumping ??= this.pump();
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const event = this.queue.take()!;
      try {
        const client = await this.session();
        if (!client) {
          this.queue.putBack(event);
          break;
        }
        await client.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, encodeTaskEvent(event)]);
        if (this.failing) console.error('[live] notifier: sending again');
        this.failing = false;
      } catch (err) {
        this.queue.putBack(event);
        if (!this.failing) console.error(`[live] notifier: NOTIFY failed (${(err as Error).message}); retrying`);
        this.failing = true;
        const broken = this.client;
        this.client = null;
        await broken?.end().catch(() => {});
        await pause(RETRY_AFTER_FAILURE_MS);
      }
    }
    this.pumping = null; // no await since the loop test: a send() now starts a new pump
  }

  private async session(): Promise<pg.Client | null> {
    if (this.client) return this.client;
    const client = await connectUntilUp(this.url, 'notifier', () => this.stopped);
    if (!client) return null;
    client.on('end', () => {
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }
}
