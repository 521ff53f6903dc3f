// What test/run.ts started for the tests: the shared Temporal dev server, PostgreSQL, a work folder.
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export function testTemporalAddress(): string {
  const address = process.env.SIGNALMAN_TEST_TEMPORAL;
  if (!address) throw new Error('run the tests with `npm test` (test/run.ts starts Temporal and PostgreSQL)');
  return address;
}

/**
 * A new folder for one test's files, open to everyone like /tmp (mkdtemp makes it 0700): run as
 * root, tasks run as the unprivileged task user, and must read the test's repositories and write
 * the markers and gates that tests watch (an attack test's marker must be writable by the task,
 * or "no marker" would prove nothing).
 */
export function workDir(prefix: string): string {
  const base = process.env.SIGNALMAN_TEST_WORK ?? '/tmp';
  const dir = mkdtempSync(join(base, `${prefix}-`));
  chmodSync(dir, 0o1777);
  return dir;
}

/** A namespace of the shared dev server that no other test of this run uses. */
export function claimNamespace(): string {
  const base = join(process.env.SIGNALMAN_TEST_WORK ?? '/tmp', 'namespaces');
  mkdirSync(base, { recursive: true });
  const pool = Number(process.env.SIGNALMAN_TEST_NAMESPACES ?? 0);
  for (let i = 0; i < pool; i++) {
    try {
      mkdirSync(join(base, `test-${i}`));
      return `test-${i}`;
    } catch {
      // taken by another test file
    }
  }
  throw new Error('no free test namespace left; raise NAMESPACE_POOL in test/run.ts');
}

let dbCounter = 0;

/** A fresh, empty PostgreSQL database for one test. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = process.env.SIGNALMAN_TEST_PG;
  if (!admin) throw new Error('SIGNALMAN_TEST_PG is not set: run the tests with `npm test`');
  const name = `t_${process.pid}_${Date.now()}_${dbCounter++}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

export type DbKind = 'sqlite' | 'postgres';
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

export async function freshDatabaseUrl(kind: DbKind): Promise<string> {
  return kind === 'sqlite' ? `file:${join(workDir('sqlite'), 'signalman.db')}` : freshPostgresUrl();
}
