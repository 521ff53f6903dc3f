// The task journal: the one writer of a task's status and log lines. Every writer (the API's task
// service, the bookkeeping activities, the run store, the runner route, start-up reconciliation)
// goes through it, and it alone tells its listeners (the live bus), so whatever is
// stored is also heard, in the order it was stored.
import type { Db } from '../store/db.ts';
import type { TaskStatus } from '../domain/task-status.ts';
import { TaskOutputWriter, type OutputLine } from '../tasks/output-writer.ts';
import {
  appendMissingLines,
  assignTaskToRunner,
  insertNewTask,
  insertStage,
  insertOutputLines,
  lastOutputSeq,
  setTaskCommit,
  setTaskStatus,
  type NewTaskRow,
  type StatusChange,
} from '../store/task-journal.ts';
import type { TaskRow } from '../store/rows.ts';
import type { StageRecord } from '../tasks/stages.ts';

export type { StatusChange };

/** A status the journal stored: `from` is null for a task just created. */
export interface StatusChanged {
  taskId: number;
  from: TaskStatus | null;
  to: TaskStatus;
}

/**
 * Hears what the journal stored. `lines` may return a promise (the live stream resolves once the
 * lines reached every connected client): the writer counts those lines as held until it resolves,
 * so a producer never outruns the listeners without bound. A listener that throws is logged and
 * changes nothing that was stored.
 */
export interface JournalListener {
  status?(change: StatusChanged): void;
  lines?(taskId: number, lines: OutputLine[]): void | Promise<void>;
}

export interface TaskJournal {
  /** Stores a new task as `waiting` with its first log line. */
  createTask(row: NewTaskRow, firstLine: (taskId: number) => string): Promise<TaskRow>;
  /** Moves the task's status if the transition rules allow it; listeners hear only a real change. */
  setStatus(
    taskId: number,
    to: TaskStatus,
    extra?: { commit_hash?: string; commit_message?: string },
  ): Promise<StatusChange>;
  /** Appends bookkeeping lines ("Started: 7") after the task's last line. */
  log(taskId: number, ...lines: string[]): Promise<void>;
  /** A batching writer after the task's last line, for a run's output; close() it when done. */
  openOutput(taskId: number): Promise<TaskOutputWriter>;
  /**
   * Stores lines numbered elsewhere (a remote runner's): a line whose number is already stored
   * (a retried request) is skipped. Returns the lines stored now.
   */
  appendNumbered(taskId: number, lines: OutputLine[]): Promise<OutputLine[]>;
  /** Stores a stage of a run (tasks/stages.ts) over lines already stored. */
  recordStage(taskId: number, stage: StageRecord): Promise<void>;
  /**
   * Gives a `starting` task to a protocol runner with a free slot (`limit`; 0: none) that holds no
   * other runner's claim on it; true when it did (Semaphore's runner protocol).
   */
  assignRunner(taskId: number, runnerId: number, limit: number): Promise<boolean>;
  /** Stores the commit a protocol runner reports for the task. */
  setCommit(taskId: number, hash: string, message: string): Promise<void>;
  /** Adds a listener; returns the function that removes it. */
  listen(listener: JournalListener): () => void;
}

export function createTaskJournal(db: Db, ...initial: JournalListener[]): TaskJournal {
  const listeners = new Set<JournalListener>(initial);

  function statusChanged(change: StatusChanged): void {
    for (const l of listeners) {
      try {
        l.status?.(change);
      } catch (err) {
        console.error(`[journal] a status listener failed for task ${change.taskId}:`, err);
      }
    }
  }

  /** One listener's promise, or all of them together: the writer's backpressure. */
  function linesStored(taskId: number, lines: OutputLine[]): void | Promise<void> {
    let pending: Promise<void>[] | undefined;
    for (const l of listeners) {
      if (!l.lines) continue;
      try {
        const p = l.lines(taskId, lines);
        if (p) (pending ??= []).push(p);
      } catch (err) {
        console.error(`[journal] a lines listener failed for task ${taskId}:`, err);
      }
    }
    if (!pending) return;
    return pending.length === 1 ? pending[0] : Promise.all(pending).then(() => {});
  }

  function writer(taskId: number, lastSeq: number): TaskOutputWriter {
    return TaskOutputWriter.withSink(taskId, lastSeq, (batch) => insertOutputLines(db, taskId, batch), linesStored);
  }

  return {
    async createTask(row, firstLine) {
      const task = await insertNewTask(db, row);
      statusChanged({ taskId: task.id, from: null, to: 'waiting' });
      // A new task has no output yet (ids are never reused): its lines start at 1 without a read.
      const w = writer(task.id, 0);
      w.write(firstLine(task.id));
      await w.close();
      return task;
    },
    async setStatus(taskId, to, extra) {
      const change = await setTaskStatus(db, taskId, to, extra);
      if (change.changed) statusChanged({ taskId, from: change.from, to });
      return change;
    },
    async log(taskId, ...lines) {
      const w = writer(taskId, await lastOutputSeq(db, taskId));
      for (const line of lines) w.write(line);
      await w.close();
    },
    async openOutput(taskId) {
      return writer(taskId, await lastOutputSeq(db, taskId));
    },
    async appendNumbered(taskId, lines) {
      const stored = await appendMissingLines(db, taskId, lines);
      // The runner's request is not held up by the live stream; a listener's failure is only logged.
      if (stored.length)
        void Promise.resolve(linesStored(taskId, stored)).catch((err) =>
          console.error(`[journal] a lines listener failed for task ${taskId}:`, err),
        );
      return stored;
    },
    async recordStage(taskId, stage) {
      await insertStage(db, taskId, stage);
    },
    assignRunner(taskId, runnerId, limit) {
      return assignTaskToRunner(db, taskId, runnerId, limit);
    },
    setCommit(taskId, hash, message) {
      return setTaskCommit(db, taskId, hash, message);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
