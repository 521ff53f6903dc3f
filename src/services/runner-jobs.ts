// What a remote runner may do with a task: read the job (with its decrypted secrets), append
// output lines, and move the status. Only an active runner whose tag the task needs may.
import type { Db } from '../store/db.ts';
import { setTaskStatus } from '../store/tasks.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from './errors.ts';
import { runnerByToken } from './runners.ts';
import { loadTaskDetails } from './task-details.ts';
import { loadRunMaterial } from './run-material.ts';
import type { TaskStatus } from './task-status.ts';

/** The runner tag a task needs: its template's, else its inventory's; null runs on the server. */
export async function requiredRunnerTag(db: Db, taskId: number): Promise<string | null> {
  const details = await loadTaskDetails(db, taskId);
  if (details.template.runner_tag) return details.template.runner_tag;
  if (details.inventoryId) {
    const inv = await db.inventory.findUnique({ where: { id: details.inventoryId }, select: { runner_tag: true } });
    if (inv?.runner_tag) return inv.runner_tag;
  }
  return null;
}

export async function authenticateRunner(db: Db, token: string | undefined) {
  const runner = token ? await runnerByToken(db, token) : null;
  if (!runner) throw new UnauthorizedError('unknown runner token');
  if (!runner.active) throw new ForbiddenError(`runner ${runner.id} is not active`);
  await db.runner.update({ where: { id: runner.id }, data: { touched: new Date() } });
  return runner;
}

/** The runner may handle this task: it exists and needs exactly the runner's tag. */
export async function authorizeRunnerForTask(db: Db, runner: { id: number; tag: string }, taskId: number): Promise<void> {
  const task = await db.task.findUnique({ where: { id: taskId }, select: { id: true } });
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  const tag = await requiredRunnerTag(db, taskId);
  if (!tag || tag !== runner.tag) throw new ForbiddenError(`task ${taskId} is not for runners tagged "${runner.tag}"`);
}

export async function runnerJob(db: Db, taskId: number, encryptionKey: Buffer | null) {
  const details = await loadTaskDetails(db, taskId);
  const material = await loadRunMaterial(db, details, encryptionKey);
  return { details, material };
}

export interface RunnerLine {
  seq: number;
  time: string;
  output: string;
}

/** Stores a batch of lines; a batch sent twice (a retried request) is stored once. */
export async function appendRunnerOutput(db: Db, taskId: number, lines: RunnerLine[]) {
  const seqs = lines.map((l) => l.seq);
  const existing = new Set(
    (await db.taskOutput.findMany({ where: { task_id: taskId, seq: { in: seqs } }, select: { seq: true } })).map((r) => r.seq),
  );
  const fresh = lines.filter((l) => !existing.has(l.seq));
  if (fresh.length) {
    await db.taskOutput.createMany({ data: fresh.map((l) => ({ task_id: taskId, seq: l.seq, time: new Date(l.time), output: l.output })) });
  }
  return fresh;
}

export async function setRunnerStatus(db: Db, taskId: number, status: TaskStatus, extra: { commit_hash?: string; commit_message?: string }) {
  return setTaskStatus(db, taskId, status, extra);
}
