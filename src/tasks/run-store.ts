// What a run needs from the outside world, so that the same run code serves a worker next to the
// database (LocalRunStore) and a remote runner that talks only to the API (HttpRunStore).
import type { RunJob } from './run-job.ts';
import type { TaskStatus } from '../domain/task-status.ts';
import type { TaskOutputWriter } from './output-writer.ts';
import type { StageRecord } from './stages.ts';

export type { RunJob };

export interface RunStore {
  /**
   * The task, its template, repository, variables, and decrypted secrets; with `sealedSecret`
   * (the task's secret survey values, sealed for it) those values opened too.
   */
  loadJob(taskId: number, sealedSecret?: string): Promise<RunJob>;
  openOutput(taskId: number): Promise<TaskOutputWriter>;
  setStatus(taskId: number, to: TaskStatus, extra?: { commit_hash?: string; commit_message?: string }): Promise<void>;
  /** The task's current status (a forced stop shows as `stopped` before the process is gone). */
  status(taskId: number): Promise<string>;
  /** How the run is asked to stop: a forced stop kills at once; a timed-out task ends as error. */
  stopRequest(taskId: number): Promise<{ force: boolean; timedOut: boolean }>;
  /** Stores a stage of the run over output lines already stored (tasks/stages.ts). */
  recordStage(taskId: number, stage: StageRecord): Promise<void>;
}
