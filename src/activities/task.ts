// Temporal activities of a task run: thin adapters over the git client, the executors and the store.
// Created by a factory so that the worker hands them their database and configuration.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Context, CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { childPath, type Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import { setTaskStatus } from '../store/tasks.ts';
import { isFinished, type TaskStatus } from '../services/task-status.ts';
import { loadTaskDetails } from '../services/task-details.ts';
import { writeEvent } from '../services/events.ts';
import { TaskOutputWriter, type OutputListener } from '../tasks/output-writer.ts';
import type { RunningTasks } from '../tasks/running-tasks.ts';
import { RunningProcess } from '../executors/process.ts';
import { planRun, type Phase } from '../executors/plan.ts';
import { NO_CHANGES } from '../executors/terraform.ts';
import { prepareWorkingCopy } from '../git/repository.ts';
import { gitAuthEnv } from '../git/credentials.ts';
import { loadRunMaterial } from '../services/run-material.ts';
import { TaskWorkspace } from '../tasks/workspace.ts';

export interface TaskActivityDeps {
  db: Db;
  config: Config;
  runningTasks: RunningTasks;
  /** Decrypts access keys at run time; null when no key is configured (plain base64 secrets). */
  encryptionKey?: Buffer | null;
  onLines?: OutputListener;
  onStatus?: (taskId: number, status: TaskStatus) => void;
}

export type RunOutcome = { status: 'success' | 'error' | 'stopped' | 'waiting_confirmation' };

const HEARTBEAT_EVERY_MS = 250;

export function createTaskActivities(deps: TaskActivityDeps) {
  const { db, config, runningTasks } = deps;

  async function changeStatus(taskId: number, to: TaskStatus, extra?: { commit_hash?: string; commit_message?: string }) {
    const change = await setTaskStatus(db, taskId, to, extra);
    if (change.changed) deps.onStatus?.(taskId, to);
    return change;
  }

  async function withWriter<T>(taskId: number, fn: (w: TaskOutputWriter) => Promise<T>): Promise<T> {
    const writer = await TaskOutputWriter.open(db, taskId, deps.onLines);
    try {
      return await fn(writer);
    } finally {
      await writer.close();
    }
  }

  return {
    /** waiting → starting. Returns false when the task was stopped before it could start. */
    async startTask(taskId: number): Promise<{ proceed: boolean }> {
      const change = await changeStatus(taskId, 'starting');
      if (!change.changed) return { proceed: change.from === 'starting' };
      const details = await loadTaskDetails(db, taskId);
      await withWriter(taskId, async (w) => {
        w.write(`Started: ${taskId}`);
        w.write(`Run TaskRunner with template: ${details.template.name}`);
      });
      await writeEvent(db, {
        user_id: details.task.user_id,
        project_id: details.task.project_id,
        object_type: 'task',
        object_id: taskId,
        description: `Task ID ${taskId} (${details.template.name}) is running`,
      });
      return { proceed: true };
    },

    /**
     * Prepares the working copy and runs the template's app, step by step (Terraform: init,
     * workspace, plan); heartbeats until the last process ends. `apply` runs a confirmed plan.
     */
    async runTask(taskId: number, phase: Phase = 'run'): Promise<RunOutcome> {
      const ctx = Context.current();
      const taskDir = resolve(config.dataDir, 'tasks', `task_${taskId}`);
      const writer = await TaskOutputWriter.open(db, taskId, deps.onLines);
      const heartbeat = setInterval(() => ctx.heartbeat({ lines: writer.linesWritten }), HEARTBEAT_EVERY_MS);
      let proc: RunningProcess | undefined;
      let interruption: string | undefined;
      let markFinished = () => {};
      const finished = new Promise<void>((r) => (markFinished = r));
      runningTasks.add(taskId, {
        async interrupt(reason: string) {
          interruption = reason;
          await proc?.stop(true);
          await finished;
        },
      });

      /** The last line goes to the database before the final status, so readers never miss it. */
      let workspace: TaskWorkspace | undefined;
      const end = async (status: RunOutcome['status'], line?: string): Promise<RunOutcome> => {
        if (line) writer.write(line);
        await writer.flush();
        // Nothing of the run (keys, agents, working copy) outlives the moment it is reported ended.
        if (workspace) await workspace.cleanup();
        else await rm(taskDir, { recursive: true, force: true }).catch(() => {});
        await changeStatus(taskId, status);
        if (interruption) throw ApplicationFailure.nonRetryable(interruption, 'TaskInterrupted');
        if (status === 'stopped') throw new CancelledFailure('CANCELLED');
        return { status };
      };
      const stopped = () => interruption ?? (ctx.cancellationSignal.aborted ? 'Task stopped by request' : undefined);

      try {
        const details = await loadTaskDetails(db, taskId);
        const material = await loadRunMaterial(db, details, deps.encryptionKey ?? null);
        writer.maskSecrets(material.secretValues);
        workspace = await TaskWorkspace.create(taskDir);
        const path = childPath(config);
        const gitEnv = await gitAuthEnv(workspace, details.repository.git_url, material.repositoryKey);
        const copy = await prepareWorkingCopy({
          url: details.repository.git_url,
          branch: details.task.git_branch || details.template.git_branch || details.repository.git_branch,
          commitHash: details.task.commit_hash,
          dest: workspace.path('repository'),
          env: { PATH: path, HOME: workspace.dir, ...gitEnv },
          log: (line) => writer.write(line),
        });
        if (stopped()) return await end('stopped', stopped());
        await changeStatus(taskId, 'running', {
          ...(copy.commitHash ? { commit_hash: copy.commitHash } : {}),
          commit_message: copy.commitMessage,
        });

        const plan = await planRun({ config, details, material, workspace, repoDir: copy.dir, path, log: (line) => writer.write(line) }, phase);
        for (const step of plan.steps) {
          let noChanges = false;
          proc = new RunningProcess(step, (line) => {
            if (step.label === 'plan' && NO_CHANGES.test(line)) noChanges = true;
            writer.write(line);
          });
          const running = proc;
          let stopping: Promise<void> = Promise.resolve();
          const stopOnCancel = () => (stopping = stopForCancellation(taskId, running));
          ctx.cancellationSignal.addEventListener('abort', stopOnCancel);
          const result = await running.done.finally(() => ctx.cancellationSignal.removeEventListener('abort', stopOnCancel));
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
          await changeStatus(taskId, 'waiting_confirmation');
          return { status: 'waiting_confirmation' };
        }
        return await end('success');
      } catch (err) {
        if (err instanceof CancelledFailure || err instanceof ApplicationFailure) throw err;
        if (interruption) return await end('stopped', interruption);
        return await end('error', `Running app failed: ${(err as Error).message}`);
      } finally {
        clearInterval(heartbeat);
        runningTasks.remove(taskId);
        await writer.close();
        if (workspace) await workspace.cleanup();
        else await rm(taskDir, { recursive: true, force: true }).catch(() => {});
        markFinished();
      }
    },

    /**
     * Ends the task: a task not already finished takes `fallback` (a stop before it ran, a lost
     * worker) with `reason` in its log. Writes the "finished" event and returns the final status.
     */
    async finishTask(taskId: number, fallback: 'stopped' | 'error', reason: string): Promise<string> {
      const task = await db.task.findUnique({ where: { id: taskId }, include: { project: false } });
      if (!task) return 'error';
      if (!isFinished(task.status)) {
        await withWriter(taskId, async (w) => w.write(reason));
        await changeStatus(taskId, fallback);
      }
      const final = await db.task.findUniqueOrThrow({ where: { id: taskId } });
      const template = await db.template.findUnique({ where: { id: final.template_id }, select: { name: true } });
      await writeEvent(db, {
        user_id: final.user_id,
        project_id: final.project_id,
        object_type: 'task',
        object_id: taskId,
        description: `Task ID ${taskId} (${template?.name ?? ''}) finished - ${final.status.toUpperCase()}`,
      });
      return final.status;
    },
  };

  async function stopForCancellation(taskId: number, proc: RunningProcess): Promise<void> {
    // A forced stop sets `stopped` at once (as upstream); a graceful one leaves `stopping`.
    const task = await db.task.findUnique({ where: { id: taskId }, select: { status: true } });
    await proc.stop(task?.status === 'stopped');
  }
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
