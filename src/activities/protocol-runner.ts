// The run step of a task that goes to a runner speaking Semaphore's protocol (semaphore-behaviour.md
// §3.10): the server gives the task to a runner, which learns it at its next poll, and follows the
// task's status in the database (the runner moves it through PUT /api/internal/runners) about once a
// second, heartbeating. A stop (or the task's time running out) sets `stopping`, which the runner
// reads at its next poll; a runner that stops polling fails its task after task_fail_timeout_sec.
// Following is safe to repeat: when the worker that followed a task shuts down, the step is
// retried (task workflow) and a later attempt follows the task on the runner it was given to.
import { CancelledFailure, Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import { isFinished } from '../domain/task-status.ts';
import { findTask, taskStatus } from '../store/tasks.ts';
import { dropRunnerSecret, findRunner, keepRunnerSecret } from '../store/runner-protocol.ts';
import { assignProtocolRunner, callRunnerWebhook, type Assigned } from '../services/runner-dispatch.ts';
import type { RunOutcome } from './run-task.ts';

export interface ProtocolRunnerDeps {
  db: Db;
  config: Config;
  journal: TaskJournal;
  engine: TaskEngine;
}

const FOLLOW_EVERY_MS = 1000;

/** Waits `ms`, or less when the activity is cancelled meanwhile. */
function pause(ctx: Context, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      ctx.cancellationSignal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    ctx.cancellationSignal.addEventListener('abort', done);
  });
}

/**
 * Throws when the activity is cancelled for another reason than a stop of the task (the worker
 * shutting down, a lost heartbeat): the runner goes on, but this step cannot follow it any more.
 */
function checkStillFollowing(ctx: Context, runnerId: number | null): void {
  if (!ctx.cancellationSignal.aborted) return;
  const reason = ctx.cancellationSignal.reason;
  const why = reason instanceof Error ? reason.message : String(reason);
  if (why !== 'CANCELLED')
    throw new Error(
      `this server's worker stopped following the task${runnerId ? ` on runner ${runnerId}` : ''} (${why})`,
    );
}

export function createProtocolRunnerActivities({ db, config, journal, engine }: ProtocolRunnerDeps) {
  const settings = config.settings;

  /** Gives the task to a runner, waiting (and saying so once) while none can take it. */
  async function assign(ctx: Context, taskId: number, tag: string | null): Promise<Assigned> {
    let said = false;
    for (;;) {
      checkStillFollowing(ctx, null);
      if (ctx.cancellationSignal.aborted) throw new CancelledFailure('Task stopped before a runner took it');
      const runner = await assignProtocolRunner(db, journal, settings, taskId, tag);
      if (runner) {
        await journal.log(taskId, `Sent to runner ${runner.id}${runner.name ? ` (${runner.name})` : ''}`);
        return runner;
      }
      if (!said) {
        said = true;
        await journal.log(
          taskId,
          tag
            ? `Waiting for a runner with tag "${tag}": none is free right now`
            : 'Waiting for a runner: none is free right now',
        );
      }
      await pause(ctx, FOLLOW_EVERY_MS);
    }
  }

  /** Follows the task until it ends (or, after a plan, waits for confirmation). */
  async function follow(ctx: Context, taskId: number, runner: Assigned, phase: 'run' | 'apply'): Promise<RunOutcome> {
    const failAfterMs = settings.runners.task_fail_timeout_sec * 1000;
    let stopAsked = false;
    const ended = async (status: RunOutcome['status']): Promise<RunOutcome> => {
      await callRunnerWebhook(db, journal, runner, taskId, 'finish');
      if (stopAsked) throw new CancelledFailure('CANCELLED');
      return { status };
    };
    for (;;) {
      const status = (await taskStatus(db, taskId)) ?? 'error';
      if (isFinished(status)) return ended(status as RunOutcome['status']);
      if (phase === 'run' && status === 'waiting_confirmation') return { status: 'waiting_confirmation' };
      checkStillFollowing(ctx, runner.id);
      if (ctx.cancellationSignal.aborted && !stopAsked) {
        stopAsked = true;
        const how = await engine.stopRequest(taskId).catch(() => null);
        if (how?.timedOut) await journal.log(taskId, 'Task timed out');
        await journal.setStatus(taskId, how?.force ? 'stopped' : 'stopping');
        continue;
      }
      const row = await findRunner(db, runner.id);
      const quietMs = row?.touched ? Date.now() - row.touched.getTime() : Number.POSITIVE_INFINITY;
      if (quietMs > failAfterMs) {
        await journal.log(
          taskId,
          row
            ? `Runner ${runner.id} has not polled for ${settings.runners.task_fail_timeout_sec} seconds: the task failed`
            : `Runner ${runner.id} was deleted: the task failed`,
        );
        await journal.setStatus(taskId, 'error');
        continue;
      }
      await pause(ctx, FOLLOW_EVERY_MS);
    }
  }

  /** The runner the task was given to, if it still exists. */
  async function runnerOfTask(taskId: number): Promise<Assigned | null> {
    const task = await findTask(db, taskId);
    return task?.runner_id ? await findRunner(db, task.runner_id) : null;
  }

  return {
    /**
     * The run (or, after a confirmed plan, the apply) of a task on a protocol runner: `tag` is the
     * runner tag the task needs, null for any runner. `sealedSecret`: the task's secret survey
     * values, sealed for it; kept (sealed) only until the runner has had its job.
     */
    async runOnProtocolRunner(
      taskId: number,
      phase: 'run' | 'apply',
      tag: string | null,
      sealedSecret?: string,
    ): Promise<RunOutcome> {
      const ctx = Context.current();
      const heartbeat = setInterval(() => ctx.heartbeat(), FOLLOW_EVERY_MS);
      try {
        // A later attempt (the worker that followed the task shut down or was lost): the task
        // stays with the runner it was given to, and this worker follows it from here.
        const resumed = ctx.info.attempt > 1 ? await runnerOfTask(taskId) : null;
        if (resumed) await journal.log(taskId, `Following the task on runner ${resumed.id} again`);
        if (phase === 'run') {
          if (sealedSecret) await keepRunnerSecret(db, taskId, sealedSecret);
          const runner = resumed ?? (await assign(ctx, taskId, tag));
          if (!resumed) await callRunnerWebhook(db, journal, runner, taskId, 'start');
          return await follow(ctx, taskId, runner, phase);
        }
        const runner = resumed ?? (await runnerOfTask(taskId));
        if (!runner) throw ApplicationFailure.nonRetryable(`task ${taskId} has no runner to apply its plan`);
        // the runner reads it and applies
        if ((await taskStatus(db, taskId)) === 'waiting_confirmation') await journal.setStatus(taskId, 'confirmed');
        return await follow(ctx, taskId, runner, phase);
      } finally {
        clearInterval(heartbeat);
        if (sealedSecret) await dropRunnerSecret(db, taskId).catch(() => {});
      }
    },
  };
}
