// Which waiting tasks may start now (semaphore-behaviour.md §3.2), as one pure function:
// a global limit, the project's limit, and one run at a time per template unless the template
// allows parallel runs. Waiting tasks are considered in FIFO order; every one that is not
// blocked starts (no head-of-line blocking), so a slot is used the moment it frees.

export interface SlotRequest {
  taskId: number;
  projectId: number;
  templateId: number;
  allowParallel: boolean;
  /** The project's max_parallel_tasks; 0 = unlimited. */
  projectLimit: number;
}

export interface QueueState {
  waiting: SlotRequest[];
  running: SlotRequest[];
}

/** Why `request` cannot start next to `running`, or null when it can. */
export function blockedBy(request: SlotRequest, running: SlotRequest[], globalLimit: number): string | null {
  if (globalLimit > 0 && running.length >= globalLimit) return `all ${globalLimit} task slots are busy`;
  if (!request.allowParallel && running.some((r) => r.templateId === request.templateId)) {
    return `another task of template ${request.templateId} is running`;
  }
  const inProject = running.filter((r) => r.projectId === request.projectId).length;
  if (request.projectLimit > 0 && inProject >= request.projectLimit) {
    return `project ${request.projectId} already runs ${inProject} of its ${request.projectLimit} tasks`;
  }
  return null;
}

/** The requests to start now, in FIFO order. */
export function nextToStart(state: QueueState, globalLimit: number): SlotRequest[] {
  const running = [...state.running];
  const start: SlotRequest[] = [];
  for (const request of state.waiting) {
    if (blockedBy(request, running, globalLimit) === null) {
      start.push(request);
      running.push(request);
    }
  }
  return start;
}
