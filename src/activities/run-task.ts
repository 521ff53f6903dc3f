// The run activity: checks out the working copy, runs the template's app step by step
// (Terraform: init, workspace, plan), heartbeating until the last process ends, and finishes:
// the last line, the workspace removed, the status reported. The same code runs in a worker
// beside the database and in a remote runner; only the RunStore differs.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CancelledFailure, Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { childPath, type Config } from '../config/index.ts';
import { type PreparedRun, prepareRun } from '../executors/run-effects.ts';
import type { Phase } from '../executors/run-plan.ts';
import { RunningProcess } from '../executors/process.ts';
import { isTerraformApp, NO_CHANGES } from '../executors/terraform.ts';
import { gitAuthEnv } from '../git/credentials.ts';
import { prepareWorkingCopy } from '../git/repository.ts';
import { taskRunAs } from '../security/task-user.ts';
import { markOwner, markProcessGroup } from '../tasks/leftovers.ts';
import type { TaskOutputWriter } from '../tasks/output-writer.ts';
import type { RunJob } from '../tasks/run-job.ts';
import type { RunStore } from '../tasks/run-store.ts';
import type { RunningTasks } from '../tasks/running-tasks.ts';
import { StageRecorder, stageOfStep } from '../tasks/stages.ts';
import { ensureTaskRoot } from '../tasks/task-root.ts';
import { TaskWorkspace } from '../tasks/workspace.ts';
import { TASK_INTERRUPTED } from '../workflows/failure-types.ts';

export type RunOutcome = { status: 'success' | 'error' | 'stopped' | 'waiting_confirmation' };

/** How a run ends: a status with the log line that says why, or a Temporal failure to pass on as it is. */
type Ending = (RunOutcome & { line?: string }) | { failure: CancelledFailure | ApplicationFailure };

const HEARTBEAT_EVERY_MS = 250;

/** How a cancelled run is to stop (RunStore.stopRequest). */
type StopHow = { force: boolean; timedOut: boolean };

/**
 * What a run needs of the activity it runs in: Temporal's activity context on a worker, or an
 * equivalent of the runner in HTTP mode (runner/protocol-loop.ts), which has no Temporal.
 */
export interface RunContext {
  heartbeat(details?: unknown): void;
  /** Aborted when the run is to stop; the reason 'CANCELLED' when the task is stopped. */
  readonly cancellationSignal: AbortSignal;
}

/** One run of a task in this activity: its output, its workspace, and how it is being stopped. */
interface Run {
  taskId: number;
  ctx: RunContext;
  taskDir: string;
  writer: TaskOutputWriter;
  /** The stages of the run (clone, plan, apply, run), stored as each ends. */
  stages: StageRecorder;
  /** Ends git (clone, checkout, submodules) and ansible-galaxy when the task is stopped or the worker shuts down. */
  gitAbort: AbortController;
  workspace?: TaskWorkspace;
  proc?: RunningProcess;
  /** Set when the worker interrupts the run (runningTasks), with the reason. */
  interruption?: string;
  /** How the run was asked to stop, asked once when its cancellation arrives. */
  howToStop(): Promise<StopHow>;
  /** How the run must end now, if it must: stopped, or an error when the task ran past its time. */
  stopEnding(): Promise<Ending | undefined>;
  close(): Promise<void>;
}

/** Runs tasks with the run code of every worker, in the context given (see RunContext). */
export function createTaskRunner(store: RunStore, config: Config, runningTasks: RunningTasks) {
  /** How to stop comes with the stop request: a forced one kills at once, a graceful one gives the app its grace. */
  async function stopForCancellation(run: Run, proc: RunningProcess): Promise<void> {
    await proc.stop((await run.howToStop()).force);
  }

  async function openRun(ctx: RunContext, taskId: number): Promise<Run> {
    const writer = await store.openOutput(taskId);
    const heartbeat = setInterval(() => ctx.heartbeat({ lines: writer.linesWritten }), HEARTBEAT_EVERY_MS);
    let markFinished = () => {};
    const finished = new Promise<void>((r) => (markFinished = r));
    const gitAbort = new AbortController();
    const abortGit = () => gitAbort.abort();
    ctx.cancellationSignal.addEventListener('abort', abortGit);
    if (ctx.cancellationSignal.aborted) abortGit();
    let stopHow: Promise<StopHow> | undefined;
    const run: Run = {
      taskId,
      ctx,
      taskDir: resolve(config.taskRoot, `task_${taskId}`),
      writer,
      stages: new StageRecorder(writer, (stage) => store.recordStage(taskId, stage)),
      gitAbort,
      howToStop: () =>
        (stopHow ??= store.stopRequest(taskId).catch((): StopHow => ({ force: false, timedOut: false }))),
      async stopEnding() {
        if (run.interruption) return { status: 'stopped', line: run.interruption };
        if (!ctx.cancellationSignal.aborted) return undefined;
        return (await run.howToStop()).timedOut
          ? { status: 'error', line: 'Task timed out' }
          : { status: 'stopped', line: 'Task stopped by request' };
      },
      async close() {
        clearInterval(heartbeat);
        ctx.cancellationSignal.removeEventListener('abort', abortGit);
        runningTasks.remove(taskId);
        await writer.close();
        markFinished();
      },
    };
    runningTasks.add(taskId, {
      async interrupt(reason: string) {
        run.interruption = reason;
        abortGit();
        await run.proc?.stop(true);
        await finished;
      },
    });
    return run;
  }

  /** The task's private folder and its working copy at the commit the task asked for. */
  async function checkout(run: Run, { details, material }: RunJob) {
    const { taskId, taskDir, writer } = run;
    // The task's processes run as the task user (when the server is root), in a folder of theirs.
    const runAs = taskRunAs(config);
    ensureTaskRoot(config.taskRoot);
    const workspace = await TaskWorkspace.create(taskDir, runAs);
    run.workspace = workspace;
    markOwner(taskDir);
    const path = childPath(config);
    await run.stages.enter('repository_clone');
    const git = async (
      repository: { git_url: string },
      key: RunJob['material']['repositoryKey'],
      branch: string,
      commitHash: string | null,
      folder: string,
      label: string,
    ) => {
      const authEnv = await gitAuthEnv(workspace, repository.git_url, key, {
        label,
        sshConfigPath: config.sshConfigPath,
      });
      return prepareWorkingCopy({
        url: repository.git_url,
        branch,
        commitHash,
        dest: workspace.path(folder),
        // SIGNALMAN_TASK_ID marks git's processes as this task's, as it does the app's.
        env: { PATH: path, HOME: workspace.dir, ...authEnv, SIGNALMAN_TASK_ID: String(taskId) },
        log: (line) => writer.write(line),
        runAs,
        timeoutMs: config.gitTimeoutMs,
        signal: run.gitAbort.signal,
        onStart: (pgid) => markProcessGroup(taskDir, pgid),
      });
    };
    const copy = await git(
      details.repository,
      material.repositoryKey,
      details.input.gitBranch || details.template.git_branch || details.repository.git_branch,
      details.input.commitHash,
      'repository',
      'git',
    );
    // A file inventory with a repository of its own is read there: that repository at its branch, with its key.
    const own = material.inventoryRepository;
    const inventoryCopy = own
      ? await git(own.repository, own.key, own.repository.git_branch, null, 'inventory-repository', 'git-inventory')
      : null;
    return { workspace, copy, inventoryRepoDir: inventoryCopy?.dir, path, runAs };
  }

  /**
   * Each step's process in turn, until one fails, the plan shows no changes, or the task is
   * stopped. A probe's failure only skips the steps that need it (Terraform: no workspace
   * selection when `workspace list` fails).
   */
  async function runSteps(
    run: Run,
    plan: PreparedRun,
    runAs: ReturnType<typeof taskRunAs>,
    terraform: boolean,
  ): Promise<Ending> {
    const { taskId, ctx, writer } = run;
    const failedProbes = new Set<string>();
    for (const step of plan.steps) {
      if (step.needs && failedProbes.has(step.needs)) {
        writer.write(`${step.command} ${step.needs} failed: ${step.command} ${step.label} skipped`);
        continue;
      }
      await run.stages.enter(stageOfStep(terraform, step.label));
      let noChanges = false;
      // SIGNALMAN_TASK_ID lets a later worker recognise this process group if this one dies.
      const running = new RunningProcess(
        { ...step, env: { ...step.env, SIGNALMAN_TASK_ID: String(taskId) }, runAs },
        (text, continued, source) => {
          if (step.label === 'plan' && NO_CHANGES.test(text)) noChanges = true;
          writer.write(text, undefined, continued, source);
        },
        writer,
      ); // the writer holds the process back while the database catches up
      run.proc = running;
      markProcessGroup(run.taskDir, running.pid);
      let stopping: Promise<void> = Promise.resolve();
      const stopOnCancel = () => (stopping = stopForCancellation(run, running));
      ctx.cancellationSignal.addEventListener('abort', stopOnCancel);
      const result = await running.done.finally(() =>
        ctx.cancellationSignal.removeEventListener('abort', stopOnCancel),
      );
      await stopping; // the whole process group is gone before the task is reported stopped

      const stopEnding = await run.stopEnding();
      if (stopEnding) return stopEnding;
      if (result.exitCode !== 0 && step.probe && !result.signal) {
        failedProbes.add(step.label);
        continue;
      }
      if (result.exitCode !== 0) {
        const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
        const which = plan.steps.length > 1 ? `${step.command} ${step.label}: ` : '';
        return { status: 'error', line: `Running app failed: ${which}${how}` };
      }
      if (noChanges) return { status: 'success', line: 'No changes: nothing to apply' };
    }
    if (plan.then === 'confirm')
      return { status: 'waiting_confirmation', line: 'Plan ready: waiting for confirmation' };
    return { status: 'success' };
  }

  async function checkoutAndRun(run: Run, phase: Phase, sealedSecret?: string): Promise<Ending> {
    const { taskId, writer } = run;
    const job = await store.loadJob(taskId, sealedSecret);
    const { details, material } = job;
    writer.maskSecrets(material.secretValues);
    // What the stored task asked for and may not have (said once, not again at a Terraform apply).
    if (phase === 'run') for (const line of details.ignored) writer.write(line);
    const { workspace, copy, inventoryRepoDir, path, runAs } = await checkout(run, job);
    const stoppedInCheckout = await run.stopEnding();
    if (stoppedInCheckout) return stoppedInCheckout;
    const terraform = isTerraformApp(details.template.app);
    await run.stages.enter(phase === 'apply' ? 'terraform_apply' : terraform ? 'terraform_plan' : 'running');
    await store.setStatus(taskId, 'running', {
      ...(copy.commitHash ? { commit_hash: copy.commitHash } : {}),
      commit_message: copy.commitMessage,
    });
    const plan = await prepareRun(
      {
        config,
        details,
        material,
        workspace,
        repoDir: copy.dir,
        inventoryRepoDir,
        path,
        log: (line) => writer.write(line),
        signal: run.gitAbort.signal,
      },
      phase,
    );
    const stoppedInPreparation = await run.stopEnding();
    if (stoppedInPreparation) return stoppedInPreparation;
    return runSteps(run, plan, runAs, terraform);
  }

  /** How a run that threw ends: stopped if it was being stopped, else an error; Temporal's own failures go on. */
  async function endingAfter(run: Run, err: unknown): Promise<Ending> {
    if (err instanceof CancelledFailure || err instanceof ApplicationFailure) return { failure: err };
    // git ended by a stop, a shutdown or the task's time limit
    return (await run.stopEnding()) ?? { status: 'error', line: `Running app failed: ${(err as Error).message}` };
  }

  /**
   * The one way a run ends, and the one place its workspace is removed: the last line, the
   * workspace (nothing of the run, keys, agents, working copy, outlives the moment it is reported
   * ended), then the status.
   */
  async function finish(run: Run, ending: Ending): Promise<RunOutcome> {
    try {
      if ('failure' in ending) throw ending.failure;
      if (ending.line) run.writer.write(ending.line);
      await run.writer.flush();
      await run.stages.end(); // the ending line belongs to the last stage
    } finally {
      if (run.workspace) await run.workspace.cleanup();
      else await rm(run.taskDir, { recursive: true, force: true }).catch(() => {});
    }
    const { status } = ending;
    await store.setStatus(run.taskId, status);
    if (status === 'waiting_confirmation') return { status };
    if (run.interruption) throw ApplicationFailure.nonRetryable(run.interruption, TASK_INTERRUPTED);
    if (status === 'stopped') throw new CancelledFailure('CANCELLED');
    return { status };
  }

  return {
    /** `sealedSecret`: the task's secret survey values as its workflow carries them, sealed. */
    async run(ctx: RunContext, taskId: number, phase: Phase = 'run', sealedSecret?: string): Promise<RunOutcome> {
      const run = await openRun(ctx, taskId);
      try {
        const ending = await checkoutAndRun(run, phase, sealedSecret).catch((err) => endingAfter(run, err));
        return await finish(run, ending);
      } catch (err) {
        // finish could not write or report the ending: it reports that failure instead, as ever
        const ending = await endingAfter(run, err);
        if ('failure' in ending) throw ending.failure;
        return await finish(run, ending);
      } finally {
        await run.close();
      }
    },
  };
}

export type TaskRunner = ReturnType<typeof createTaskRunner>;

export function createRunActivities(store: RunStore, config: Config, runningTasks: RunningTasks) {
  const runner = createTaskRunner(store, config, runningTasks);
  return {
    /** `sealedSecret`: the task's secret survey values as its workflow carries them, sealed. */
    runTask(taskId: number, phase: Phase = 'run', sealedSecret?: string): Promise<RunOutcome> {
      return runner.run(Context.current(), taskId, phase, sealedSecret);
    },
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;
