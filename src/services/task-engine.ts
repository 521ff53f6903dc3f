// What the API needs from the task engine. The Temporal implementation is src/temporal/task-engine.ts.
import type { StopRequest } from '../workflows/messages.ts';

export interface TaskEngine {
  /**
   * Starts the task's workflow. The task row exists and is `waiting`. `secret`: the task's secret
   * survey values, for its runs only; the engine carries them sealed and stores them nowhere.
   */
  start(taskId: number, secret?: Record<string, unknown>): Promise<void>;
  /**
   * Asks the task's workflow to stop; the run stops its process group at once.
   * Returns false when no workflow of that task is open any more.
   */
  cancel(taskId: number, request: StopRequest): Promise<boolean>;
  /** How the task was asked to stop (a forced stop kills at once), or null when it was not, or is gone. */
  stopRequest(taskId: number): Promise<StopRequest | null>;
  /**
   * Delivers the user's decision on a plan waiting for confirmation.
   * Returns false when no workflow of that task is open any more.
   */
  decide(taskId: number, decision: 'confirm' | 'reject'): Promise<boolean>;
}
