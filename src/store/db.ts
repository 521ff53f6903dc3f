// One Prisma client per process, for SQLite (file: URLs) or PostgreSQL (postgres:// URLs).
// The two generated clients come from the same models, so they share one shape: `Db`.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/prisma-sqlite/client.ts';
import { PrismaClient as PostgresClient } from '../generated/prisma-postgres/client.ts';

export type Db = SqliteClient;
export type DbKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DbKind {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(':')[0]}:"`,
  );
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

const kinds = new WeakMap<Db, DbKind>();

/** The database behind a client made by createDb, for the few statements written per dialect. */
export function kindOfDb(db: Db): DbKind {
  const kind = kinds.get(db);
  if (!kind) throw new Error('kindOfDb: this client was not made by createDb');
  return kind;
}

export function createDb(url: string): Db {
  const kind = databaseKind(url);
  const db =
    kind === 'sqlite'
      ? new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 }) })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db);
  kinds.set(db, kind);
  return db;
}
