// Runners: global ones have no project. The token column holds the SHA-256 of the runner's token.
import type { Db } from './db.ts';

export interface RunnerFields {
  name: string;
  webhook: string;
  max_parallel_tasks: number;
  active: boolean;
  tag: string;
}

export async function findGlobalRunners(db: Db) {
  return db.runner.findMany({ where: { project_id: null }, orderBy: { id: 'asc' } });
}

export async function findGlobalRunner(db: Db, runnerId: number) {
  return db.runner.findFirst({ where: { id: runnerId, project_id: null } });
}

export async function insertGlobalRunner(db: Db, fields: RunnerFields, tokenDigest: string) {
  return db.runner.create({ data: { ...fields, project_id: null, token: tokenDigest } });
}

export async function updateRunner(db: Db, runnerId: number, fields: Partial<RunnerFields>): Promise<void> {
  await db.runner.update({ where: { id: runnerId }, data: fields });
}

export async function deleteRunner(db: Db, runnerId: number): Promise<void> {
  await db.runner.delete({ where: { id: runnerId } });
}

export async function findRunnerByTokenDigest(db: Db, tokenDigest: string) {
  return db.runner.findUnique({ where: { token: tokenDigest } });
}

/** Marks the runner as seen now. */
export async function touchRunner(db: Db, runnerId: number): Promise<void> {
  await db.runner.update({ where: { id: runnerId }, data: { touched: new Date() } });
}

/** Project runners (Semaphore Pro's, free here): seen and used only within their project. */
export async function findProjectRunners(db: Db, projectId: number) {
  return db.runner.findMany({ where: { project_id: projectId }, orderBy: { id: 'asc' } });
}

export async function findProjectRunner(db: Db, projectId: number, runnerId: number) {
  return db.runner.findFirst({ where: { id: runnerId, project_id: projectId } });
}

export async function insertProjectRunner(db: Db, projectId: number, fields: RunnerFields, tokenDigest: string) {
  return db.runner.create({ data: { ...fields, project_id: projectId, token: tokenDigest } });
}
