// What the API needs from the scheduler: keep a schedule row's timer in step with the row.
// The Temporal implementation is src/temporal/schedule-engine.ts.

export interface ScheduleEngine {
  /** Creates, updates, pauses or removes the timer of schedule `scheduleId` to match its row (or its absence). */
  sync(scheduleId: number): Promise<void>;
  /** The same for every schedule of a project (after a restore). */
  syncProject(projectId: number): Promise<void>;
}
