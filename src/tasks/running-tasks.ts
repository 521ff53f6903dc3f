// The tasks whose processes run in this process, so that a shutdown can stop them cleanly
// (status `stopped` and a log line saying why) instead of leaving them `running`.

export interface RunningTaskHandle {
  /** Stops the task's process group, records `reason` in its log and marks it stopped. */
  interrupt(reason: string): Promise<void>;
}

export class RunningTasks {
  private readonly tasks = new Map<number, RunningTaskHandle>();

  add(taskId: number, handle: RunningTaskHandle): void {
    this.tasks.set(taskId, handle);
  }

  remove(taskId: number): void {
    this.tasks.delete(taskId);
  }

  get ids(): number[] {
    return [...this.tasks.keys()];
  }

  async interruptAll(reason: string): Promise<void> {
    await Promise.allSettled([...this.tasks.values()].map((t) => t.interrupt(reason)));
  }
}
