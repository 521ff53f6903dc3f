// taskWorkflow: the story of one task run. Deterministic; every side effect is an activity.
import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  ParentClosePolicy,
  setHandler,
  sleep,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  confirmSignal,
  rejectSignal,
  slotGrantedSignal,
  stopRequestQuery,
  stopSignal,
  type StopRequest,
} from './messages.ts';
import { alertWorkflowId, runnerTaskQueue } from './names.ts';
import { isAlertStatus } from '../domain/alert-statuses.ts';
import { alertWorkflow } from './alert.ts';
import { TASK_CANNOT_RUN } from './failure-types.ts';
import type { TaskEnding } from './task-ending.ts';

export interface TaskWorkflowInput {
  taskId: number;
  /**
   * The task's secret survey values, sealed for this task (security/task-secret-seal.ts); only
   * the run activity opens them. Absent when the task has none, and in workflows started before
   * it existed: their runs are scheduled exactly as before.
   */
  secret?: string;
}

// Short bookkeeping steps (database rows, signals to the dispatcher): safe to retry, and run as
// local activities, in the worker that runs this workflow, so they cost no round trip through
// the Temporal server (`npm run bench`: dispatch latency and throughput). A worker lost while
// one runs has the workflow task, and so the step, retried by another worker.
const bookkeepingOptions = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '1 second' },
} as const;
const localBookkeeping = proxyLocalActivities<Activities>(bookkeepingOptions);
/** Tasks started by Signalman 0.1.0, before the patch below, replay with ordinary activities. */
const serverBookkeeping = proxyActivities<Activities>(bookkeepingOptions);
const LOCAL_BOOKKEEPING_PATCH = 'local-bookkeeping';

/** Tasks started before the time limit existed replay without its timers. */
const MAX_DURATION_PATCH = 'max-task-duration';

/** Tasks started before alerts existed replay without starting their alert workflows. */
const ALERTS_PATCH = 'alerts';
/**
 * An alert workflow starts only when some channel takes the alert: with no channel on (the
 * default), a finished task costs no child workflow (`npm run bench`: throughput). The check is a
 * local activity, so it costs no round trip through the Temporal server.
 */
const ALERTS_WHEN_WANTED_PATCH = 'alerts-when-wanted';

/** How long a task waits for its grant before asking the dispatcher itself. */
const GRANT_EXPECTED_WITHIN = '10 seconds';

// The run itself: never retried (a playbook must not run twice by accident); heartbeats let a
// lost worker be noticed within the heartbeat timeout, and a stop reach the process at once.
const executionOptions = {
  startToCloseTimeout: '24 hours',
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
} as const;
const execution = proxyActivities<Activities>(executionOptions);

/**
 * Following a task on a runner speaking Semaphore's protocol runs nothing here, so it may be
 * retried: a worker that shuts down while following hands the task to the next attempt.
 */
const protocolFollowing = proxyActivities<Activities>({
  ...executionOptions,
  retry: { maximumAttempts: 5, initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** Runs of tasks that need a runner tag go to the runners polling that tag's queue; they wait there. */
const onRunner = (tag: string) => proxyActivities<Activities>({ ...executionOptions, taskQueue: runnerTaskQueue(tag) });

export async function taskWorkflow(input: TaskWorkflowInput): Promise<string> {
  const status = await runStory(input);
  await startAlert(input.taskId, status);
  return status;
}

/**
 * Starts the alert of a status change (§6.2) as a workflow of its own, id `alert-task-<id>-<status>`:
 * it outlives this one (a chat service's long retry never holds the task), and a step of this
 * workflow that runs again cannot send the same alert twice. The status comes from the steps'
 * results, recorded in history, so replay takes the same decision.
 */
async function startAlert(taskId: number, status: string): Promise<void> {
  if (!isAlertStatus(status) || !patched(ALERTS_PATCH)) return;
  if (patched(ALERTS_WHEN_WANTED_PATCH) && (await localBookkeeping.alertChannels(taskId, status)).length === 0) return;
  try {
    await startChild(alertWorkflow, {
      workflowId: alertWorkflowId(taskId, status),
      args: [{ taskId, status }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `Alert: task ${taskId} ${status}`,
    });
  } catch (err) {
    // Started before (this step ran again): the alert is on its way already.
    if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
  }
}

async function runStory({ taskId, secret }: TaskWorkflowInput): Promise<string> {
  let decision: 'confirm' | 'reject' | undefined;
  let granted = false;
  setHandler(confirmSignal, () => void (decision ??= 'confirm'));
  setHandler(rejectSignal, () => void (decision ??= 'reject'));
  setHandler(slotGrantedSignal, () => void (granted = true));
  let stopRequest: StopRequest | null = null;
  setHandler(stopSignal, (request) => void (stopRequest = stopRequest?.force ? stopRequest : request));
  setHandler(stopRequestQuery, () => stopRequest);
  // A task that was in flight during an upgrade goes on with the steps its history recorded.
  const current = patched(LOCAL_BOOKKEEPING_PATCH);
  const bookkeeping = current ? localBookkeeping : serverBookkeeping;

  try {
    // Wait in the queue: the dispatcher grants a slot as soon as the limits allow. The API asked
    // for the slot when it created the task; if no grant came meanwhile (the API may have died
    // before it asked, or the task waits behind others) the task asks again, which is harmless.
    if (!current || !(await condition(() => granted, GRANT_EXPECTED_WITHIN))) {
      await bookkeeping.requestSlot(taskId);
      await condition(() => granted);
    }
    const { proceed, runnerTag, maxDurationSec, protocolRunner } = await bookkeeping.startTask(taskId);
    // Given only when there is one, so a run without secrets is scheduled as it always was.
    const sealedArg: [string] | [] = secret ? [secret] : [];
    if (proceed) {
      const onTemporal = runnerTag ? onRunner(runnerTag) : execution;
      // A runner speaking Semaphore's protocol: the step on this queue gives it the task and follows it.
      const run = protocolRunner
        ? {
            runTask: (id: number, phase: 'run' | 'apply', ...sealed: [string] | []) =>
              protocolFollowing.runOnProtocolRunner(id, phase, runnerTag, ...sealed),
          }
        : onTemporal;
      if (runnerTag && !protocolRunner) await bookkeeping.noteRunnerWait(taskId, runnerTag);
      // SEMAPHORE_MAX_TASK_DURATION_SEC: the running phases share the time; waiting for a
      // confirmation does not count. Past it the run is stopped and the task ends as error.
      let leftMs = maxDurationSec && patched(MAX_DURATION_PATCH) ? maxDurationSec * 1000 : Number.POSITIVE_INFINITY;
      const runPhase = async (phase: 'run' | 'apply') => {
        if (leftMs === Number.POSITIVE_INFINITY) return run.runTask(taskId, phase, ...sealedArg);
        const started = Date.now(); // workflow time: deterministic
        const outcome = await withinTime(
          leftMs,
          () => run.runTask(taskId, phase, ...sealedArg),
          () => {
            stopRequest = { force: false, timedOut: true };
          },
        );
        leftMs -= Date.now() - started;
        return outcome;
      };
      const outcome = await runPhase('run');
      if (outcome === TIMED_OUT)
        return await bookkeeping.finishTask(taskId, { kind: 'failed', reason: 'Task timed out' });
      if (outcome.status === 'waiting_confirmation') {
        // Terraform: the plan waits for a person; a stop cancels this wait like any other step.
        await startAlert(taskId, 'waiting_confirmation');
        await condition(() => decision !== undefined);
        if (decision === 'reject')
          return await bookkeeping.finishTask(taskId, {
            kind: 'failed',
            reason: 'The plan was rejected: nothing was applied',
          });
        if ((await runPhase('apply')) === TIMED_OUT)
          return await bookkeeping.finishTask(taskId, { kind: 'failed', reason: 'Task timed out' });
      }
    }
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() =>
        bookkeeping.finishTask(taskId, { kind: 'stopped', reason: 'Task stopped before it ran' }),
      );
      throw err;
    }
    const ending = failedEnding(err);
    return await CancellationScope.nonCancellable(() => bookkeeping.finishTask(taskId, ending));
  } finally {
    await CancellationScope.nonCancellable(() => bookkeeping.releaseSlot(taskId));
  }
  return await bookkeeping.finishTask(taskId, { kind: 'ran' });
}

const TIMED_OUT = Symbol('timed out');

/**
 * Runs `step` for at most `ms`: past it, `onTimeout` marks the stop as a time-out (the run asks
 * how it is stopped and ends as error, "Task timed out") and the step is cancelled; its ending,
 * whatever it is, is awaited before TIMED_OUT is returned. A stop of the whole task still goes on
 * as a cancellation.
 */
async function withinTime<T>(ms: number, step: () => Promise<T>, onTimeout: () => void): Promise<T | typeof TIMED_OUT> {
  const stepScope = new CancellationScope();
  const timerScope = new CancellationScope();
  const running = stepScope.run(step);
  const timer = timerScope.run(() => sleep(Math.max(ms, 1)));
  const first = await Promise.race([
    running.then(
      () => 'ended' as const,
      () => 'ended' as const,
    ),
    timer.then(
      () => 'late' as const,
      () => 'ended' as const,
    ),
  ]);
  if (first === 'ended') {
    timerScope.cancel();
    return await running;
  }
  onTimeout();
  stepScope.cancel();
  try {
    await running;
  } catch (err) {
    if (!isCancellation(err)) throw err;
  }
  return TIMED_OUT;
}

/** A task that cannot run says what is wrong with it; any other failure means its run was lost. */
function failedEnding(err: unknown): TaskEnding {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type === TASK_CANNOT_RUN)
    return { kind: 'failed', reason: `Task cannot run: ${cause.message}` };
  const reason = cause instanceof Error ? cause.message : String(cause);
  return { kind: 'failed', reason: `Task ended because its run was lost: ${reason}` };
}
