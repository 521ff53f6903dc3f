// A run's stages (semaphore-behaviour.md §1.14, task__stage): the clone of the repository, the
// Terraform plan and apply, the run of an app, each with its start, end and the range of output
// lines it wrote. The run marks the boundaries by line number; the task journal turns those into
// output row ids as it stores the stage (journal/task-journal.ts), so nothing else writes them.
import type { TaskOutputWriter } from './output-writer.ts';

/** Upstream's stage types; `running` is the run of an ansible or shell-like app. */
export type TaskStageType = 'repository_clone' | 'terraform_plan' | 'terraform_apply' | 'running';

export interface StageRecord {
  type: TaskStageType;
  start: Date;
  end: Date;
  /** Numbers of the first and last output lines of the stage; none when `lastSeq < firstSeq`. */
  firstSeq: number;
  lastSeq: number;
}

/** The stage a step of the plan belongs to, by its label (terraform-plan.ts, ansible-plan.ts, shell-plan.ts). */
export function stageOfStep(terraform: boolean, label: string): TaskStageType {
  if (!terraform) return 'running';
  return label === 'apply' ? 'terraform_apply' : 'terraform_plan';
}

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
