// alertWorkflow: the alert of one status change of a task (id `alert-task-<id>-<status>`). It asks
// which channels the alert goes to, then sends on each at once, each delivery an activity retried
// on its own (exponential, capped); a channel that gives up is reported in the task's log and the
// project's events. Its arguments are ids and names only: no URL, token or password.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { ALERT_NOT_DELIVERED } from './failure-types.ts';

export interface AlertWorkflowInput {
  taskId: number;
  status: string;
}

export interface ChannelOutcome {
  channel: string;
  sent: boolean;
  /** Why it was not: "Response code: 400", "no answer (ECONNREFUSED)", "slack_url is not set". */
  reason?: string;
}

const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '1 second' },
});

/** 1 s, 2 s, 4 s … at most 5 minutes apart, 12 tries (about 25 minutes); a 4xx other than 408/429 ends at once. */
const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12 },
});

export async function alertWorkflow({ taskId, status }: AlertWorkflowInput): Promise<ChannelOutcome[]> {
  const channels = await bookkeeping.alertChannels(taskId, status);
  return Promise.all(
    channels.map(async (channel): Promise<ChannelOutcome> => {
      try {
        await delivery.sendAlert.executeWithOptions({ summary: `${channel} alert` }, [taskId, status, channel]);
        return { channel, sent: true };
      } catch (err) {
        const reason = reasonOf(err);
        await bookkeeping.alertGaveUp(taskId, status, channel, reason);
        return { channel, sent: false, reason };
      }
    }),
  );
}

/** What the last try said (the activity's own words, which name no secret), or how it ended. */
function reasonOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === ALERT_NOT_DELIVERED) {
    const [reason] = (cause.details ?? []) as unknown[];
    if (typeof reason === 'string') return reason;
  }
  if (cause instanceof Error && cause.name === 'TimeoutFailure') return 'no answer (timed out)';
  return 'no answer';
}
