// Global runners (§7): workers that run the tasks of templates naming their tag. The token is
// shown once, when the runner is created; the database keeps only its SHA-256.
import type { Db } from '../store/db.ts';
import type { RunnerBody } from '../contracts/admin.ts';
import { newRunnerToken, sha256 } from '../security/tokens.ts';
import {
  deleteRunner,
  findGlobalRunner,
  findGlobalRunners,
  findRunnerByTokenDigest,
  insertGlobalRunner,
  updateRunner,
} from '../store/runners.ts';
import { NotFoundError } from './errors.ts';

const fields = (body: RunnerBody) => ({
  name: body.name,
  webhook: body.webhook,
  max_parallel_tasks: body.max_parallel_tasks,
  active: body.active,
  tag: body.tag,
});

export async function listGlobalRunners(db: Db) {
  return findGlobalRunners(db);
}

export async function getGlobalRunner(db: Db, runnerId: number) {
  const runner = await findGlobalRunner(db, runnerId);
  if (!runner) throw new NotFoundError(`runner ${runnerId} not found`);
  return runner;
}

/** Creates a global runner; `token` is the only copy of the secret the runner authenticates with. */
export async function createGlobalRunner(db: Db, body: RunnerBody) {
  const token = newRunnerToken();
  const runner = await insertGlobalRunner(db, fields(body), sha256(token));
  return { runner, token };
}

export async function updateGlobalRunner(db: Db, runnerId: number, body: RunnerBody) {
  await getGlobalRunner(db, runnerId);
  await updateRunner(db, runnerId, fields(body));
}

export async function setGlobalRunnerActive(db: Db, runnerId: number, active: boolean) {
  await getGlobalRunner(db, runnerId);
  await updateRunner(db, runnerId, { active });
}

export async function deleteGlobalRunner(db: Db, runnerId: number) {
  await getGlobalRunner(db, runnerId);
  await deleteRunner(db, runnerId);
}

/** The runner a `X-Runner-Token` header belongs to, or null. */
export async function runnerByToken(db: Db, token: string) {
  if (!token) return null;
  return findRunnerByTokenDigest(db, sha256(token.trim()));
}
