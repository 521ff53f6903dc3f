// The run activity: prepares the working copy and runs the template's app step by step
// (Terraform: init, workspace, plan), heartbeating until the last process ends. The same code
// runs in a worker beside the database and in a remote runner; only the RunStore differs.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Context, CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { childPath, type Config } from '../config/index.ts';
import { RunningProcess } from '../executors/process.ts';
import { prepareRun } from '../executors/run-effects.ts';
import type { Phase } from '../executors/run-plan.ts';
import { NO_CHANGES } from '../executors/terraform.ts';
import { prepareWorkingCopy } from '../git/repository.ts';
import { gitAuthEnv } from '../git/credentials.ts';
import type { RunningTasks } from '../tasks/running-tasks.ts';
import type { RunStore } from '../tasks/run-store.ts';
import { TaskWorkspace } from '../tasks/workspace.ts';
import { ensureTaskRoot } from '../tasks/task-root.ts';
import { markOwner, markProcessGroup } from '../tasks/leftovers.ts';
import { taskRunAs } from '../security/task-user.ts';

export type RunOutcome = { status: 'success' | 'error' | 'stopped' | 'waiting_confirmation' };

const HEARTBEAT_EVERY_MS = 250;

export function createRunActivities(store: RunStore, config: Config, runningTasks: RunningTasks) {
  /** A forced stop sets `stopped` at once (as upstream); a graceful one leaves `stopping`. */
  async function stopForCancellation(taskId: number, proc: RunningProcess): Promise<void> {
    await proc.stop((await store.status(taskId).catch(() => '')) === 'stopped');
  }

  return {
    async runTask(taskId: number, phase: Phase = 'run'): Promise<RunOutcome> {
      const ctx = Context.current();
      const taskDir = resolve(config.taskRoot, `task_${taskId}`);
      const writer = await store.openOutput(taskId);
      const heartbeat = setInterval(() => ctx.heartbeat({ lines: writer.linesWritten }), HEARTBEAT_EVERY_MS);
      let proc: RunningProcess | undefined;
      let interruption: string | undefined;
      let markFinished = () => {};
      const finished = new Promise<void>((r) => (markFinished = r));
      // Ends git (clone, checkout, submodules) and ansible-galaxy when the task is stopped or the
      // worker shuts down (the app's own processes are stopped through `proc`).
      const gitAbort = new AbortController();
      const abortGit = () => gitAbort.abort();
      ctx.cancellationSignal.addEventListener('abort', abortGit);
      if (ctx.cancellationSignal.aborted) abortGit();
      runningTasks.add(taskId, {
        async interrupt(reason: string) {
          interruption = reason;
          abortGit();
          await proc?.stop(true);
          await finished;
        },
      });

      let workspace: TaskWorkspace | undefined;
      const end = async (status: RunOutcome['status'], line?: string): Promise<RunOutcome> => {
        if (line) writer.write(line);
        await writer.flush();
        // Nothing of the run (keys, agents, working copy) outlives the moment it is reported ended.
        if (workspace) await workspace.cleanup();
        else await rm(taskDir, { recursive: true, force: true }).catch(() => {});
        await store.setStatus(taskId, status);
        if (interruption) throw ApplicationFailure.nonRetryable(interruption, 'TaskInterrupted');
        if (status === 'stopped') throw new CancelledFailure('CANCELLED');
        return { status };
      };
      const stopped = () => interruption ?? (ctx.cancellationSignal.aborted ? 'Task stopped by request' : undefined);

      try {
        const { details, material } = await store.loadJob(taskId);
        writer.maskSecrets(material.secretValues);
        // What the stored task asked for and may not have (said once, not again at a Terraform apply).
        if (phase === 'run') for (const line of details.ignored) writer.write(line);
        // The task's processes run as the task user (when the server is root), in a folder of theirs.
        const runAs = taskRunAs(config);
        ensureTaskRoot(config.taskRoot);
        workspace = await TaskWorkspace.create(taskDir, runAs);
        markOwner(taskDir);
        const path = childPath(config);
        const gitEnv = await gitAuthEnv(workspace, details.repository.git_url, material.repositoryKey);
        const copy = await prepareWorkingCopy({
          url: details.repository.git_url,
          branch: details.input.gitBranch || details.template.git_branch || details.repository.git_branch,
          commitHash: details.input.commitHash,
          dest: workspace.path('repository'),
          // SIGNALMAN_TASK_ID marks git's processes as this task's, as it does the app's.
          env: { PATH: path, HOME: workspace.dir, ...gitEnv, SIGNALMAN_TASK_ID: String(taskId) },
          log: (line) => writer.write(line),
          runAs,
          timeoutMs: config.gitTimeoutMs,
          signal: gitAbort.signal,
          onStart: (pgid) => markProcessGroup(taskDir, pgid),
        });
        if (stopped()) return await end('stopped', stopped());
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
            path,
            log: (line) => writer.write(line),
            signal: gitAbort.signal,
          },
          phase,
        );
        if (stopped()) return await end('stopped', stopped());
        for (const step of plan.steps) {
          let noChanges = false;
          // SIGNALMAN_TASK_ID lets a later worker recognise this process group if this one dies.
          proc = new RunningProcess(
            { ...step, env: { ...step.env, SIGNALMAN_TASK_ID: String(taskId) }, runAs },
            (text, continued, source) => {
              if (step.label === 'plan' && NO_CHANGES.test(text)) noChanges = true;
              writer.write(text, undefined, continued, source);
            },
            writer,
          ); // the writer holds the process back while the database catches up
          markProcessGroup(taskDir, proc.pid);
          const running = proc;
          let stopping: Promise<void> = Promise.resolve();
          const stopOnCancel = () => (stopping = stopForCancellation(taskId, running));
          ctx.cancellationSignal.addEventListener('abort', stopOnCancel);
          const result = await running.done.finally(() =>
            ctx.cancellationSignal.removeEventListener('abort', stopOnCancel),
          );
          await stopping; // the whole process group is gone before the task is reported stopped

          if (stopped()) return await end('stopped', stopped());
          if (result.exitCode !== 0) {
            const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
            const which = plan.steps.length > 1 ? `${step.command} ${step.label}: ` : '';
            return await end('error', `Running app failed: ${which}${how}`);
          }
          if (noChanges) return await end('success', 'No changes: nothing to apply');
        }
        if (plan.then === 'confirm') {
          writer.write('Plan ready: waiting for confirmation');
          await writer.flush();
          await store.setStatus(taskId, 'waiting_confirmation');
          return { status: 'waiting_confirmation' };
        }
        return await end('success');
      } catch (err) {
        if (err instanceof CancelledFailure || err instanceof ApplicationFailure) throw err;
        const why = stopped(); // git ended by a stop or a shutdown
        if (why) return await end('stopped', why);
        return await end('error', `Running app failed: ${(err as Error).message}`);
      } finally {
        clearInterval(heartbeat);
        ctx.cancellationSignal.removeEventListener('abort', abortGit);
        runningTasks.remove(taskId);
        await writer.close();
        if (workspace) await workspace.cleanup();
        else await rm(taskDir, { recursive: true, force: true }).catch(() => {});
        markFinished();
      }
    },
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;
