// The live bus of an API process in split mode: LISTENs for the task events that every process
// sends (src/live/pg-notifier.ts) and turns them into /api/ws messages for its own clients.
//
// Events carry pointers, the lines themselves are read from task__output. Each task has a feed:
// the last line delivered here (the cursor), the last status delivered, and the events still to
// handle, handled one at a time. A `lines` event delivers the stored lines after the cursor up to
// its end, so a line is never sent twice, never out of order, and a lost event is made good by the
// next one; a finished status first delivers whatever is left. After a lost session the bus
// listens again and catches every feed up from the database, including tasks created meanwhile.
import type pg from 'pg';
import type { Db } from '../store/db.ts';
import type { OutputLine } from '../tasks/output-writer.ts';
import {
  highestTaskId,
  openTaskStatuses,
  lastOutputSeq,
  outputLinesBetween,
  taskStatus,
  tasksNewOrUnfinished,
} from '../store/tasks.ts';
import { isFinished, isTaskStatus } from '../domain/task-status.ts';
import { InProcessBus, type LiveBus, type LiveListener, type LiveMessage } from './bus.ts';
import { taskMessages, type TaskMessages } from './task-events.ts';
import { connectUntilUp, pause } from './pg-connect.ts';
import { LIVE_CHANNEL, parseTaskEvent, type TaskEvent } from './pg-events.ts';

const LINES_PER_READ = 1_000;
const ATTEMPTS = 5;
const ENDED_MEMORY = 10_000;
/** A LISTEN session gets no answers to wait for; a query now and then finds out that it died. */
const PROBE_EVERY_MS = 30_000;

type FeedEvent = TaskEvent | { kind: 'catch-up'; task: number };

interface Feed {
  /** Seq of the last line delivered (or passed over while nobody listened); null: not known yet. */
  cursor: number | null;
  status: string | null;
  events: FeedEvent[];
  busy: boolean;
  /**
   * Set by a catch-up, which delivered the status read from the task row: a status event sent
   * during the outage may be older than that, so from then on the row decides, never the event.
   */
  statusFromRow?: boolean;
}

export class PgLiveBus implements LiveBus {
  private readonly local = new InProcessBus();
  private readonly messages: TaskMessages;
  private readonly feeds = new Map<number, Feed>();
  /** Finished tasks whose last update went out: late repeats of their events are ignored. */
  private readonly ended = new Set<number>();
  /** Tasks above this id were created after the bus started listening. */
  private highestTaskId = 0;
  private client: pg.Client | null = null;
  private stopped = false;
  private probe: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly db: Db,
  ) {
    this.messages = taskMessages(db, this.local);
  }

  get active(): boolean {
    return this.local.active;
  }

  publish(message: LiveMessage, recipients: Iterable<number>): void {
    this.local.publish(message, recipients);
  }

  subscribe(userId: number, listener: LiveListener): () => void {
    return this.local.subscribe(userId, listener);
  }

  /** Starts listening; call before the API takes its first client. */
  async start(): Promise<void> {
    this.highestTaskId = await highestTaskId(this.db);
    if (!(await this.listen())) return;
    this.probe = setInterval(() => {
      const client = this.client;
      client?.query('SELECT 1').catch(() => this.lost(client));
    }, PROBE_EVERY_MS);
    this.probe.unref();
    // Tasks already under way get a feed now, so that a later catch-up knows where they were.
    const open = await openTaskStatuses(this.db);
    for (const task of open) {
      if (this.feeds.has(task.id)) continue;
      this.feeds.set(task.id, {
        cursor: await lastOutputSeq(this.db, task.id),
        status: task.status,
        events: [],
        busy: false,
      });
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.probe);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<boolean> {
    while (!this.stopped) {
      const client = await connectUntilUp(this.url, 'listener', () => this.stopped);
      if (!client) return false;
      client.on('notification', (n) => {
        if (n.channel === LIVE_CHANNEL && n.payload) this.receive(n.payload);
      });
      client.on('end', () => this.lost(client));
      try {
        await client.query(`LISTEN ${LIVE_CHANNEL}`);
        this.client = client;
        return true;
      } catch (err) {
        console.error(`[live] listener: LISTEN failed (${(err as Error).message}); retrying`);
        await client.end().catch(() => {});
        await pause(200);
      }
    }
    return false;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    void client.end().catch(() => {});
    console.error('[live] listener: the PostgreSQL session was lost; listening again');
    void this.listen().then((listening) => (listening ? this.catchUp() : undefined));
  }

  /** After an outage: every feed, and every task created meanwhile, is brought up to date. */
  private async catchUp(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const missed = await tasksNewOrUnfinished(this.db, this.highestTaskId);
        for (const { id } of missed) this.feedOf(id, 0);
        for (const id of this.feeds.keys()) this.enqueue(id, { kind: 'catch-up', task: id });
        return;
      } catch (err) {
        console.error(`[live] listener: catch-up failed (${(err as Error).message}); retrying`);
        await pause(Math.min(attempt * 200, 5_000));
      }
    }
  }

  private receive(payload: string): void {
    const event = parseTaskEvent(payload);
    if (!event || this.ended.has(event.task) || this.stopped) return;
    const created = event.task > this.highestTaskId; // all its lines are news
    this.feedOf(event.task, created ? 0 : null);
    this.enqueue(event.task, event);
  }

  private feedOf(taskId: number, cursor: number | null): Feed | undefined {
    if (this.ended.has(taskId)) return undefined;
    let feed = this.feeds.get(taskId);
    if (!feed) this.feeds.set(taskId, (feed = { cursor, status: null, events: [], busy: false }));
    this.highestTaskId = Math.max(this.highestTaskId, taskId);
    return feed;
  }

  private enqueue(taskId: number, event: FeedEvent): void {
    const feed = this.feeds.get(taskId);
    if (!feed) return;
    const last = feed.events.at(-1);
    if (event.kind === 'lines' && last?.kind === 'lines') last.to = Math.max(last.to, event.to);
    else if (!(event.kind === 'catch-up' && last?.kind === 'catch-up')) feed.events.push({ ...event });
    void this.drain(taskId, feed);
  }

  private async drain(taskId: number, feed: Feed): Promise<void> {
    if (feed.busy) return;
    feed.busy = true;
    try {
      for (let attempt = 1; feed.events.length > 0 && !this.stopped; ) {
        try {
          await this.handle(taskId, feed, feed.events[0]);
          feed.events.shift();
          attempt = 1;
        } catch (err) {
          console.error(`[live] task ${taskId}: could not deliver (${(err as Error).message})`);
          if (attempt++ >= ATTEMPTS)
            feed.events.shift(); // a later event or catch-up makes it good
          else await pause(attempt * 200);
        }
      }
    } finally {
      feed.busy = false;
    }
  }

  private async handle(taskId: number, feed: Feed, event: FeedEvent): Promise<void> {
    if (event.kind === 'lines') {
      feed.cursor ??= event.from - 1;
      return this.deliverLines(taskId, feed, event.to);
    }
    let status: string;
    if (event.kind === 'status' && !feed.statusFromRow) {
      status = event.status;
    } else {
      if (event.kind === 'catch-up') feed.statusFromRow = true;
      feed.cursor ??= await lastOutputSeq(this.db, taskId);
      const stored = await taskStatus(this.db, taskId);
      if (stored === null) return this.finish(taskId);
      status = stored;
    }
    if (isFinished(status) || event.kind === 'catch-up') await this.deliverLines(taskId, feed, Infinity);
    if (feed.status !== status && isTaskStatus(status)) {
      await this.messages.status(taskId, status);
      feed.status = status;
    }
    if (isFinished(status)) this.finish(taskId);
  }

  /** Delivers the stored lines after the feed's cursor, up to seq `to`, in order. */
  private async deliverLines(taskId: number, feed: Feed, to: number): Promise<void> {
    let cursor = feed.cursor;
    if (cursor === null || cursor >= to) return;
    if (!this.local.active) {
      // Nobody listens here: the lines are history by the time someone does.
      feed.cursor = Number.isFinite(to) ? to : await lastOutputSeq(this.db, taskId);
      return;
    }
    for (;;) {
      const rows: OutputLine[] = await outputLinesBetween(this.db, taskId, cursor, to, LINES_PER_READ);
      if (rows.length === 0) return;
      await this.messages.lines(taskId, rows);
      feed.cursor = cursor = rows[rows.length - 1].seq;
      if (rows.length < LINES_PER_READ) return;
    }
  }

  private finish(taskId: number): void {
    this.feeds.delete(taskId);
    if (this.ended.size >= ENDED_MEMORY) this.ended.clear();
    this.ended.add(taskId);
    this.messages.forget(taskId);
  }
}
