// Serialising changes to one project's team: a transaction that starts by "updating" the project's
// row holds that row's lock until it ends, on PostgreSQL (row lock) and SQLite (write lock) alike,
// so rules that read and then write (such as "keep at least one owner") see each other's changes.
import type { Db } from './db.ts';

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Locks project `projectId` for the rest of the transaction; false when there is no such project. */
export async function lockProject(tx: Tx, projectId: number): Promise<boolean> {
  const updated = await tx.$executeRaw`UPDATE project SET id = id WHERE id = ${projectId}`;
  return updated > 0;
}
