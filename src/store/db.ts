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
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(':')[0]}:"`);
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

export function createDb(url: string): Db {
  if (databaseKind(url) === 'sqlite') {
    const adapter = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}
