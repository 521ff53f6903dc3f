// How a task workflow ends, as it tells the finishing step.
export type TaskEnding =
  /** The run went to its end and set the task's final status itself. */
  | { kind: 'ran' }
  /** Stopped before or while it ran. */
  | { kind: 'stopped'; reason: string }
  /** It could not run, or its run was lost, or its plan was rejected. */
  | { kind: 'failed'; reason: string };
