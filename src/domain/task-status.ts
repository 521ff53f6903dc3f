// The task status rules (semaphore-behaviour.md §3.1), as one pure function that every writer uses.

export const TASK_STATUSES = [
  'waiting',
  'starting',
  'waiting_confirmation',
  'confirmed',
  'rejected',
  'running',
  'stopping',
  'stopped',
  'success',
  'error',
] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

export const FINISHED: ReadonlySet<TaskStatus> = new Set(['stopped', 'success', 'error']);

export function isFinished(status: string): boolean {
  return FINISHED.has(status as TaskStatus);
}

export function isTaskStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}

export interface Transition {
  allowed: boolean;
  /** Why a move is refused; empty when allowed. */
  reason: string;
  /** Stamp `start` (entering running) or `end` (entering a finished status). */
  stampStart: boolean;
  stampEnd: boolean;
}

const refuse = (reason: string): Transition => ({ allowed: false, reason, stampStart: false, stampEnd: false });

/**
 * Decides whether a task may move from `from` to `to`.
 * Upstream protects only `stopped`; Signalman treats every finished status as final, so a task
 * that ended can never be reported running again by a late or duplicated writer.
 */
export function transition(from: TaskStatus, to: TaskStatus): Transition {
  if (from === to) return refuse(`task is already ${to}`);
  if (FINISHED.has(from)) return refuse(`task already finished as ${from}`);
  if (from === 'confirmed' && to === 'waiting_confirmation') return refuse('task was already confirmed');
  if (from === 'running' && (to === 'waiting' || to === 'starting')) return refuse('task is already running');
  if (from === 'stopping' && !FINISHED.has(to)) return refuse('task is stopping');
  if (to === 'waiting' && from !== 'waiting') return refuse('a task never goes back to waiting');
  return { allowed: true, reason: '', stampStart: to === 'running', stampEnd: FINISHED.has(to) };
}
