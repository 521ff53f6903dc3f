// Project runners (semaphore-behaviour.md §2.3, a Semaphore Pro feature, free here): runners that
// take only their project's tasks, managed by those who manage the project's resources. Other
// projects do not see them: a runner of another project is "not found". Tokens as for global runners.
import type { Db } from '../store/db.ts';
import type { RunnerBody } from '../contracts/admin.ts';
import { newRunnerToken, sha256 } from '../security/tokens.ts';
import {
  deleteRunner,
  findProjectRunner,
  findProjectRunners,
  insertProjectRunner,
  updateRunner,
} from '../store/runners.ts';
import { BadRequestError, NotFoundError } from './errors.ts';

const fields = (body: RunnerBody) => ({
  name: body.name,
  webhook: body.webhook,
  max_parallel_tasks: body.max_parallel_tasks,
  active: body.active,
  tag: body.tag,
});

function checkProject(body: RunnerBody, projectId: number): void {
  if (body.project_id != null && body.project_id !== projectId)
    throw new BadRequestError(`project_id: ${body.project_id} in body and ${projectId} in URL must be the same`);
}

export function listProjectRunners(db: Db, projectId: number) {
  return findProjectRunners(db, projectId);
}

export async function getProjectRunner(db: Db, projectId: number, runnerId: number) {
  const runner = await findProjectRunner(db, projectId, runnerId);
  if (!runner) throw new NotFoundError(`runner ${runnerId} not found in project ${projectId}`);
  return runner;
}

/** Creates a runner of the project; `token` is the only copy of its secret. */
export async function createProjectRunner(db: Db, projectId: number, body: RunnerBody) {
  checkProject(body, projectId);
  const token = newRunnerToken();
  const runner = await insertProjectRunner(db, projectId, fields(body), sha256(token));
  return { runner, token };
}

export async function updateProjectRunner(db: Db, projectId: number, runnerId: number, body: RunnerBody) {
  checkProject(body, projectId);
  if (body.id !== undefined && body.id !== runnerId)
    throw new BadRequestError(`id: ${body.id} in body and ${runnerId} in URL must be the same`);
  await getProjectRunner(db, projectId, runnerId);
  await updateRunner(db, runnerId, fields(body));
}

export async function setProjectRunnerActive(db: Db, projectId: number, runnerId: number, active: boolean) {
  await getProjectRunner(db, projectId, runnerId);
  await updateRunner(db, runnerId, { active });
}

export async function deleteProjectRunner(db: Db, projectId: number, runnerId: number) {
  await getProjectRunner(db, projectId, runnerId);
  await deleteRunner(db, runnerId);
}
