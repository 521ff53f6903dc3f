// Messages to a running taskWorkflow, shared by the workflow and the API that sends them.
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The user confirmed a Terraform plan: apply it. */
export const confirmSignal = defineSignal('confirm');
/** The user rejected a Terraform plan: end without applying. */
export const rejectSignal = defineSignal('reject');

/**
 * A user asked to stop the task; sent just before the workflow is cancelled, so that the run,
 * when its cancellation arrives, can ask how (stopRequestQuery): a forced stop kills at once.
 */
export const stopSignal = defineSignal<[StopRequest]>('stop');
/** The stop asked for so far (a forced one wins), or null. */
export const stopRequestQuery = defineQuery<StopRequest | null>('stopRequest');

export interface StopRequest {
  force: boolean;
  /** Set by the workflow itself when the task ran past SEMAPHORE_MAX_TASK_DURATION_SEC: it ends as error. */
  timedOut?: boolean;
}

/** A task asks the dispatcher for a slot. */
export const requestSlotSignal = defineSignal<[SlotRequestMessage]>('requestSlot');
/** A task gives its slot back (or withdraws its request). */
export const releaseSlotSignal = defineSignal<[number]>('releaseSlot');
/** The dispatcher tells a task it may start. */
export const slotGrantedSignal = defineSignal('slotGranted');

export interface SlotRequestMessage {
  taskId: number;
  projectId: number;
  templateId: number;
  allowParallel: boolean;
  projectLimit: number;
  /** The worker's configured global max_parallel_tasks (0 = unlimited); the latest one wins. */
  globalLimit: number;
}
