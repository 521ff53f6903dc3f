// Collects a task's output lines and stores them in batches, each line with a sequence number.
// Lines are never dropped: a failed flush is retried with the next one, and close() flushes all.
import { LinePieces } from './line-pieces.ts';

export interface OutputLine {
  seq: number;
  time: Date;
  output: string;
  /** This row is a piece of a line longer than 64 Ki UTF-16 units, and the next row goes on with it. */
  continued?: boolean;
}

/**
 * Hears each batch once it is stored. A listener that returns a promise (the live stream, which
 * resolves once the lines are handed to every connected client) has those lines counted as
 * waiting until it resolves, so a producer never outruns the publication without bound either.
 */
export type OutputListener = (taskId: number, lines: OutputLine[]) => void | Promise<void>;

/** A quiet task's line reaches the database and the live stream within this time. */
const FLUSH_EVERY_MS = 25;
const FLUSH_AT_LINES = 1000;
/** Lines per persist call: a flood of output goes in steady batches, not one huge statement. */
const MAX_BATCH = 1000;
/**
 * Text (UTF-16 units) per persist call. The SQLite driver inserts
 * synchronously; a smaller statement (4 pieces of a long line) holds the event loop (and /api/ping) for less time.
 */
const MAX_BATCH_UNITS = 256 * 1024;
/**
 * Lines held in memory (waiting for the database or for the live stream) beyond which the
 * producer is asked to wait (see `overloaded`). Measured by `npm run bench`: a larger backlog
 * stores no faster and costs the process its memory target.
 */
const HIGH_WATER = 4_000;
/**
 * Text (UTF-16 units) held in memory beyond which the producer is asked to wait, whatever the
 * number of lines: 16 pieces of a long line, so that a task printing 100 MB without a newline
 * costs the server a few MB, not the size of its line.
 */
const HIGH_WATER_UNITS = 1024 * 1024;

export class TaskOutputWriter {
  private pending: OutputLine[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly pieces = new LinePieces((text, continued) => this.push(text, continued));
  private time = new Date();
  /** UTF-16 units held: pending, in flight and being published. */
  private heldUnits = 0;
  /** A flush is storing lines: it takes every line written meanwhile before it ends. */
  private draining = false;
  /** Lines taken by the running flush and not stored yet. */
  private inFlight = 0;
  /** Lines stored and not yet published by the listener. */
  private publishing = 0;
  private waitingForRoom: Array<() => void> = [];

  private constructor(
    private readonly persist: (lines: OutputLine[]) => Promise<void>,
    readonly taskId: number,
    private readonly onLines?: OutputListener,
  ) {}

  /**
   * A writer that hands its batches to `persist` after line `lastSeq`: the task journal stores
   * them (src/journal), a remote runner sends them to the API.
   */
  static withSink(
    taskId: number,
    lastSeq: number,
    persist: (lines: OutputLine[]) => Promise<void>,
    onLines?: OutputListener,
  ): TaskOutputWriter {
    const writer = new TaskOutputWriter(persist, taskId, onLines);
    writer.seq = lastSeq;
    return writer;
  }

  /** Values that must never be stored or streamed; each occurrence becomes `**********`. */
  maskSecrets(values: Iterable<string>): void {
    this.pieces.maskSecrets(values);
  }

  get linesWritten(): number {
    return this.seq;
  }

  /**
   * More lines wait for the database than it should hold in memory: a process reader pauses
   * until `hasRoom()` resolves (its pipe fills and the process waits), as upstream's bounded channel.
   */
  get overloaded(): boolean {
    return this.held >= HIGH_WATER || this.heldUnits >= HIGH_WATER_UNITS;
  }

  private get held(): number {
    return this.pending.length + this.inFlight + this.publishing;
  }

  /** Resolves once the backlog is down to half the high-water mark, or a flush failed. */
  hasRoom(): Promise<void> {
    if (!this.overloaded) return Promise.resolve();
    this.flushInBackground();
    return new Promise((resolve) => this.waitingForRoom.push(resolve));
  }

  private wakeProducers(all: boolean): void {
    if (this.waitingForRoom.length === 0) return;
    if (!all && (this.held > HIGH_WATER / 2 || this.heldUnits > HIGH_WATER_UNITS / 2)) return;
    for (const resolve of this.waitingForRoom.splice(0)) resolve();
  }

  /**
   * A line of output; with `continued`, a piece of one whose rest follows from the same `source`
   * (a process's stdout and stderr are two sources). Stored in rows of at most 64 Ki units.
   */
  write(line: string, time = new Date(), continued = false, source = 0): void {
    this.time = time;
    this.pieces.write(line, continued, source);
  }

  private push(output: string, continued: boolean): void {
    this.pending.push(
      continued
        ? { seq: ++this.seq, time: this.time, output, continued }
        : { seq: ++this.seq, time: this.time, output },
    );
    this.heldUnits += output.length;
    if (this.pending.length >= FLUSH_AT_LINES) this.flushInBackground();
    else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flushInBackground();
      }, FLUSH_EVERY_MS);
  }

  /** A failed background flush keeps its lines pending; the next flush or close() retries them. */
  private flushInBackground(): void {
    // One flush at a time: queueing one per line written during a slow insert cost memory and CPU.
    if (this.draining) return;
    this.flush().catch(() => {});
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.catch(() => {}).then(() => this.drain());
    return this.flushing;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    let failed = false;
    try {
      while (this.pending.length > 0) {
        const lines = this.pending;
        this.pending = [];
        this.inFlight = lines.length;
        for (let i = 0; i < lines.length; ) {
          const batch = lines.slice(i, batchEnd(lines, i));
          try {
            await this.persist(batch);
          } catch (err) {
            this.pending = lines.slice(i).concat(this.pending);
            failed = true;
            throw err;
          }
          i += batch.length;
          this.inFlight -= batch.length;
          this.heldUnits -= unitsOf(batch);
          this.publish(batch);
          this.wakeProducers(false);
        }
      }
    } finally {
      this.draining = false;
      this.inFlight = 0;
      // After a failure a producer never waits on a flush that is not running; otherwise only
      // lines still being published can hold it, and their publication wakes it.
      this.wakeProducers(failed);
    }
  }

  private publish(batch: OutputLine[]): void {
    let published: void | Promise<void>;
    try {
      published = this.onLines?.(this.taskId, batch);
    } catch {
      return; // a listener's failure never touches the stored output
    }
    if (!published) return;
    const units = unitsOf(batch);
    this.publishing += batch.length;
    this.heldUnits += units;
    void published
      .catch(() => {})
      .then(() => {
        this.publishing -= batch.length;
        this.heldUnits -= units;
        this.wakeProducers(false);
      });
  }

  /** Stores everything; a line left open (its process ended mid-line) ends with what it holds. */
  async close(): Promise<void> {
    this.pieces.finish();
    await this.flush();
  }
}

/** Where the batch starting at `from` ends: at most MAX_BATCH lines and MAX_BATCH_UNITS units, at least one line. */
function batchEnd(lines: OutputLine[], from: number): number {
  let units = 0;
  let end = from;
  while (end < lines.length && end - from < MAX_BATCH) {
    units += lines[end].output.length;
    if (units > MAX_BATCH_UNITS && end > from) break;
    end++;
  }
  return end;
}

function unitsOf(lines: OutputLine[]): number {
  let units = 0;
  for (const l of lines) units += l.output.length;
  return units;
}
