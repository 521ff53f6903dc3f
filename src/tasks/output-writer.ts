// Collects a task's output lines and stores them in batches, each line with a sequence number.
// Lines are never dropped: a failed flush is retried with the next one, and close() flushes all.
import type { Db } from '../store/db.ts';
import { nextOutputSeq } from '../store/tasks.ts';

export interface OutputLine {
  seq: number;
  time: Date;
  output: string;
}

export type OutputListener = (taskId: number, lines: OutputLine[]) => void;

const FLUSH_EVERY_MS = 100;
const FLUSH_AT_LINES = 1000;

export class TaskOutputWriter {
  private pending: OutputLine[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private masks: string[] = [];

  private constructor(
    private readonly persist: (lines: OutputLine[]) => Promise<void>,
    readonly taskId: number,
    private readonly onLines?: OutputListener,
  ) {}

  static async open(db: Db, taskId: number, onLines?: OutputListener): Promise<TaskOutputWriter> {
    const persist = async (batch: OutputLine[]) => {
      await db.taskOutput.createMany({
        data: batch.map((l) => ({ task_id: taskId, seq: l.seq, time: l.time, output: l.output })),
      });
    };
    return TaskOutputWriter.withSink(taskId, (await nextOutputSeq(db, taskId)) - 1, persist, onLines);
  }

  /** A writer that hands its batches to `persist` (a remote runner sends them to the API). */
  static withSink(taskId: number, lastSeq: number, persist: (lines: OutputLine[]) => Promise<void>, onLines?: OutputListener): TaskOutputWriter {
    const writer = new TaskOutputWriter(persist, taskId, onLines);
    writer.seq = lastSeq;
    return writer;
  }

  /** Values that must never be stored or streamed; each occurrence becomes `**********`. */
  maskSecrets(values: Iterable<string>): void {
    for (const v of values) if (v && v.length >= 3 && !this.masks.includes(v)) this.masks.push(v);
    this.masks.sort((a, b) => b.length - a.length);
  }

  get linesWritten(): number {
    return this.seq;
  }

  write(line: string, time = new Date()): void {
    let output = line;
    for (const secret of this.masks) output = output.split(secret).join('**********');
    this.pending.push({ seq: ++this.seq, time, output });
    if (this.pending.length >= FLUSH_AT_LINES) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_EVERY_MS);
  }

  /** A failed background flush keeps its lines pending; the next flush or close() retries them. */
  private flushInBackground(): void {
    this.flush().catch(() => {});
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.catch(() => {}).then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.persist(batch);
        this.onLines?.(this.taskId, batch);
      } catch (err) {
        this.pending = batch.concat(this.pending);
        throw err;
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
