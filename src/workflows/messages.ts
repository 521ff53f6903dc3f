// Messages to a running taskWorkflow, shared by the workflow and the API that sends them.
import { defineSignal } from '@temporalio/workflow';

/** The user confirmed a Terraform plan: apply it. */
export const confirmSignal = defineSignal('confirm');
/** The user rejected a Terraform plan: end without applying. */
export const rejectSignal = defineSignal('reject');
