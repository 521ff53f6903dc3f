// Global runners (§7): workers that run the tasks of templates naming their tag. The token is
// shown once, when the runner is created; the database keeps only its SHA-256.
import type { Db } from '../store/db.ts';
import type { RunnerBody } from '../contracts/admin.ts';
import { newRunnerToken, sha256 } from '../security/tokens.ts';
import { NotFoundError } from './errors.ts';

const fields = (body: RunnerBody) => ({
  name: body.name,
  webhook: body.webhook,
  max_parallel_tasks: body.max_parallel_tasks,
  active: body.active,
  tag: body.tag,
});

export async function listGlobalRunners(db: Db) {
  return db.runner.findMany({ where: { project_id: null }, orderBy: { id: 'asc' } });
}

export async function getGlobalRunner(db: Db, runnerId: number) {
  const runner = await db.runner.findFirst({ where: { id: runnerId, project_id: null } });
  if (!runner) throw new NotFoundError(`runner ${runnerId} not found`);
  return runner;
}

/** Creates a global runner; `token` is the only copy of the secret the runner authenticates with. */
export async function createGlobalRunner(db: Db, body: RunnerBody) {
  const token = newRunnerToken();
  const runner = await db.runner.create({ data: { ...fields(body), project_id: null, token: sha256(token) } });
  return { runner, token };
}

export async function updateGlobalRunner(db: Db, runnerId: number, body: RunnerBody) {
  await getGlobalRunner(db, runnerId);
  await db.runner.update({ where: { id: runnerId }, data: fields(body) });
}

export async function setGlobalRunnerActive(db: Db, runnerId: number, active: boolean) {
  await getGlobalRunner(db, runnerId);
  await db.runner.update({ where: { id: runnerId }, data: { active } });
}

export async function deleteGlobalRunner(db: Db, runnerId: number) {
  await getGlobalRunner(db, runnerId);
  await db.runner.delete({ where: { id: runnerId } });
}

/** The runner a `X-Runner-Token` header belongs to, or null. */
export async function runnerByToken(db: Db, token: string) {
  if (!token) return null;
  return db.runner.findUnique({ where: { token: sha256(token.trim()) } });
}
