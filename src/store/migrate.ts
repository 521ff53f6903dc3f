// Applies the SQL migrations under prisma/<kind>/migrations that the database has not seen yet.
// Prisma's own `migrate deploy` cannot talk to PostgreSQL through a driver adapter
// (prisma/orm#27403), so Signalman applies the same files itself, each in one transaction,
// and records them in `_signalman_migrations`.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseKind, sqlitePath, type DbKind } from './db.ts';
import { projectRoot } from '../paths.ts';

const migrationsRoot = resolve(projectRoot, 'prisma');

export interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(kind: DbKind): Migration[] {
  const dir = resolve(migrationsRoot, kind, 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(resolve(dir, name, 'migration.sql'), 'utf8') }));
}

const LEDGER = `CREATE TABLE IF NOT EXISTS "_signalman_migrations" (
  "name" TEXT PRIMARY KEY,
  "applied_at" TEXT NOT NULL
)`;

/** Returns the names of the migrations it applied (empty when the database was up to date). */
export async function applyMigrations(url: string): Promise<string[]> {
  const kind = databaseKind(url);
  return kind === 'sqlite' ? applySqlite(url) : applyPostgres(url);
}

function applySqlite(url: string): string[] {
  const file = sqlitePath(url);
  mkdirSync(dirname(resolve(file)), { recursive: true });
  // Created owner-only: SQLite gives its -wal and -shm files the database file's mode.
  if (!file.startsWith(':') && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(LEDGER);
    const done = new Set(
      db
        .prepare('SELECT name FROM _signalman_migrations')
        .all()
        .map((r) => (r as { name: string }).name),
    );
    const applied: string[] = [];
    for (const m of listMigrations('sqlite')) {
      if (done.has(m.name)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO _signalman_migrations (name, applied_at) VALUES (?, ?)').run(
          m.name,
          new Date().toISOString(),
        );
      }).immediate();
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

async function applyPostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several servers may start at once against one database: one applies, the others wait.
    await client.query('SELECT pg_advisory_lock(7428301)');
    await client.query(LEDGER);
    const { rows } = await client.query<{ name: string }>('SELECT name FROM _signalman_migrations');
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of listMigrations('postgres')) {
      if (done.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO _signalman_migrations (name, applied_at) VALUES ($1, $2)', [
          m.name,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7428301)').catch(() => {});
    await client.end();
  }
}
