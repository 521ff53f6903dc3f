// A run's stages (semaphore-behaviour.md §1.14, task__stage): the clone of the repository, the
// Terraform plan and apply, the run of an app, each with its start, end and the range of output
// lines it wrote (by line number; the task journal stores them with output row ids).

/** Upstream's stage types; `running` is the run of an ansible or shell-like app. */
export const TASK_STAGE_TYPES = ['repository_clone', 'terraform_plan', 'terraform_apply', 'running'] as const;
export type TaskStageType = (typeof TASK_STAGE_TYPES)[number];

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
