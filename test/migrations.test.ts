// Migrations: applied once, idempotent, and the same tables on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyMigrations, listMigrations } from '../src/store/migrate.ts';
import { createDb } from '../src/store/db.ts';
import { freshDatabaseUrl, DB_KINDS } from './support/env.ts';

const SEMAPHORE_TABLES = [
  'user',
  'user__token',
  'session',
  'project',
  'project__user',
  'access_key',
  'project__repository',
  'project__inventory',
  'project__environment',
  'project__template',
  'project__template_vault',
  'project__schedule',
  'project__view',
  'project__integration',
  'project__integration_matcher',
  'project__integration_extract_value',
  'project__integration_alias',
  'task',
  'task__output',
  'task__stage',
  'event',
  'runner',
  'option',
];

for (const kind of DB_KINDS) {
  test(`migrations on ${kind} create Semaphore's tables once and are idempotent`, async () => {
    const url = await freshDatabaseUrl(kind);
    assert.deepEqual(
      await applyMigrations(url),
      listMigrations(kind).map((m) => m.name),
    );
    assert.deepEqual(await applyMigrations(url), []);
    const db = createDb(url);
    try {
      const rows: Array<{ name: string }> =
        kind === 'sqlite'
          ? await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table'`)
          : await db.$queryRawUnsafe(
              `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'`,
            );
      const names = rows.map((r) => r.name);
      for (const table of SEMAPHORE_TABLES) assert.ok(names.includes(table), `table ${table} exists`);
    } finally {
      await db.$disconnect();
    }
  });
}

test('the generated schema files match prisma/models.prisma', async () => {
  const { schemaFor } = await import('../scripts/prisma-schemas.mjs' as string);
  for (const kind of ['sqlite', 'postgres']) {
    const committed = readFileSync(resolve(import.meta.dirname, `../prisma/${kind}/schema.prisma`), 'utf8');
    assert.equal(committed, schemaFor(kind), `prisma/${kind}/schema.prisma is stale: run npm run db:schemas`);
  }
});
