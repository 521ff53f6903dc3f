// dispatcherWorkflow: the task queue. One long-lived workflow holds the waiting and running
// tasks; whenever a task asks for a slot or gives one back it starts every waiting task that the
// queue rules allow, in FIFO order, by signalling it. No polling, no tick.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { nextToStart, type SlotRequest } from '../domain/queue-rules.ts';
import { taskWorkflowId } from './names.ts';
import { releaseSlotSignal, requestSlotSignal, slotGrantedSignal } from './messages.ts';

export interface DispatcherState {
  waiting: SlotRequest[];
  running: SlotRequest[];
  globalLimit: number;
}

export async function dispatcherWorkflow(
  state: DispatcherState = { waiting: [], running: [], globalLimit: 0 },
): Promise<void> {
  let dirty = true;
  const known = (taskId: number) =>
    state.waiting.some((r) => r.taskId === taskId) || state.running.some((r) => r.taskId === taskId);

  setHandler(requestSlotSignal, ({ globalLimit, ...request }) => {
    state.globalLimit = globalLimit;
    if (!known(request.taskId)) {
      // FIFO by creation: requests may arrive out of order, task ids never do.
      state.waiting.push(request);
      state.waiting.sort((a, b) => a.taskId - b.taskId);
    }
    dirty = true;
  });
  setHandler(releaseSlotSignal, (taskId) => {
    state.waiting = state.waiting.filter((r) => r.taskId !== taskId);
    state.running = state.running.filter((r) => r.taskId !== taskId);
    dirty = true;
  });

  for (;;) {
    await condition(() => dirty);
    dirty = false;
    const grants = nextToStart(state, state.globalLimit);
    const granted = new Set(grants.map((g) => g.taskId));
    state.waiting = state.waiting.filter((r) => !granted.has(r.taskId));
    state.running.push(...grants);
    await Promise.all(
      grants.map((g) =>
        getExternalWorkflowHandle(taskWorkflowId(g.taskId))
          .signal(slotGrantedSignal)
          .catch(() => {
            // The task's workflow is gone (stopped before its grant arrived): free the slot.
            state.running = state.running.filter((r) => r.taskId !== g.taskId);
            dirty = true;
          }),
      ),
    );
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 2000) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof dispatcherWorkflow>(state);
    }
  }
}
