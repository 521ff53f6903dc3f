// What a remote runner may do with a task: read the job (with its decrypted secrets), append
// output lines, and move the status. Only an active runner whose tag the task needs may.
import type { Db } from '../store/db.ts';
import type { TaskEngine } from './task-engine.ts';
import { lastOutputSeq, taskRunnerFacts, taskStatus } from '../store/tasks.ts';
import { templateRunnerFacts } from '../store/templates.ts';
import { inventoryRunnerTag } from '../store/inventories.ts';
import { touchRunner } from '../store/runners.ts';
import { markRunnerProtocol } from '../store/runner-protocol.ts';
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from './errors.ts';
import { TaskSecretError } from '../security/task-secret-seal.ts';
import { runnerByToken } from './runners.ts';
import { loadTaskDetails } from './task-details.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';
import { loadRunMaterial } from './run-material.ts';

/** The runner tag a task needs: its template's, else its inventory's; null runs on the server. */
export async function requiredRunnerTag(db: Db, taskId: number): Promise<string | null> {
  const task = await taskRunnerFacts(db, taskId);
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  const template = await templateRunnerFacts(db, task.project_id, task.template_id);
  if (!template) throw new NotFoundError(`template ${task.template_id} not found in project ${task.project_id}`);
  return runnerTagOf(db, template, task.inventory_id ?? template.inventory_id);
}

/** The same rule for a task whose template is already loaded (`inventoryId` as in TaskDetails). */
export async function runnerTagOf(
  db: Db,
  template: { runner_tag: string | null },
  inventoryId: number | null,
): Promise<string | null> {
  if (template.runner_tag) return template.runner_tag;
  if (!inventoryId) return null;
  return (await inventoryRunnerTag(db, inventoryId)) || null;
}

export async function authenticateRunner(db: Db, token: string | undefined) {
  const runner = token ? await runnerByToken(db, token) : null;
  if (!runner) throw new UnauthorizedError('unknown runner token');
  if (!runner.active) throw new ForbiddenError(`runner ${runner.id} is not active`);
  await touchRunner(db, runner.id);
  return runner;
}

/** The runner may handle this task: it exists and needs exactly the runner's tag. */
export async function authorizeRunnerForTask(
  db: Db,
  runner: { id: number; tag: string },
  taskId: number,
): Promise<void> {
  const tag = await requiredRunnerTag(db, taskId); // a missing task is a NotFoundError
  if (!tag || tag !== runner.tag) throw new ForbiddenError(`task ${taskId} is not for runners tagged "${runner.tag}"`);
}

/** `sealedSecret`: what the runner was given with the run; it opens only for this task. */
export async function runnerJob(
  db: Db,
  apps: ConfiguredApps,
  taskId: number,
  encryptionKey: Buffer | null,
  sealedSecret?: string,
) {
  const details = await loadTaskDetails(db, taskId, apps);
  const material = await loadRunMaterial(db, details, encryptionKey, sealedSecret).catch((err) => {
    throw err instanceof TaskSecretError ? new BadRequestError(`secret: ${err.message}`) : err;
  });
  return { details, material };
}

/**
 * What a runner reads: the task's status, the number of its last line, whether it was asked
 * to stop by force (then the runner kills its processes at once), and whether it ran past the
 * longest time a task may run (then it ends as error).
 */
export async function runnerTaskState(
  db: Db,
  engine: TaskEngine,
  taskId: number,
): Promise<{ status: string; lastSeq: number; force_stop: boolean; timed_out: boolean }> {
  const [status, lastSeq] = await Promise.all([taskStatus(db, taskId), lastOutputSeq(db, taskId)]);
  if (status === null) throw new NotFoundError(`task ${taskId} not found`);
  // Only a task being stopped (a forced stop is `stopped` at once) or running past its time has a
  // stop request to read.
  const stop = ['stopping', 'stopped', 'running'].includes(status)
    ? await engine.stopRequest(taskId).catch(() => null)
    : null;
  return { status, lastSeq, force_stop: stop?.force === true, timed_out: stop?.timedOut === true };
}

/** A runner that asks for its own record is a Temporal runner (`signalman runner --tag`): noted on first contact. */
export async function noteTemporalRunner(db: Db, runnerId: number): Promise<void> {
  await markRunnerProtocol(db, runnerId, 'temporal');
}
