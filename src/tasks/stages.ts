// A run's stages (semaphore-behaviour.md §1.14, task__stage): the clone of the repository, the
// Terraform plan and apply, the run of an app, each with its start, end and the range of output
// lines it wrote. The run marks the boundaries by line number; the task journal turns those into
// output row ids as it stores the stage (journal/task-journal.ts), so nothing else writes them.
import type { StageRecord, TaskStageType } from '../domain/task-stages.ts';
import type { TaskOutputWriter } from './output-writer.ts';

export { type StageRecord, stageOfStep, type TaskStageType } from '../domain/task-stages.ts';

/**
 * Follows the stage the run is in; a stage is stored when the next one begins or the run ends.
 * Storing a stage never fails the run: a lost stage is logged to the worker's console only.
 */
export class StageRecorder {
  private current: { type: TaskStageType; start: Date; firstSeq: number } | undefined;

  constructor(
    private readonly writer: TaskOutputWriter,
    private readonly store: (stage: StageRecord) => Promise<void>,
  ) {}

  /** Ends the current stage unless it is of this type already, and begins one of this type. */
  async enter(type: TaskStageType): Promise<void> {
    if (this.current?.type === type) return;
    await this.end();
    this.current = { type, start: new Date(), firstSeq: this.writer.linesWritten + 1 };
  }

  /** Stores the current stage, if any, once its lines are stored. */
  async end(): Promise<void> {
    const stage = this.current;
    if (!stage) return;
    this.current = undefined;
    try {
      await this.writer.flush();
      await this.store({ ...stage, end: new Date(), lastSeq: this.writer.linesWritten });
    } catch (err) {
      console.error(`[run] the ${stage.type} stage could not be stored:`, err);
    }
  }
}
