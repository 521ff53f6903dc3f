// The option table: key/value settings made in the UI.
import type { Db } from './db.ts';

export async function findOptions(db: Db): Promise<Array<{ key: string; value: string }>> {
  return db.option.findMany({ orderBy: { key: 'asc' } });
}

/** Options whose key starts with `prefix` as the database compares it (SQLite ignores case here). */
export async function findOptionsLike(db: Db, prefix: string): Promise<Array<{ key: string; value: string }>> {
  return db.option.findMany({ where: { key: { startsWith: prefix } } });
}

/** Sets every option given, all or none. */
export async function upsertOptions(db: Db, values: Record<string, string>): Promise<void> {
  await db.$transaction(
    Object.entries(values).map(([key, value]) =>
      db.option.upsert({ where: { key }, create: { key, value }, update: { value } }),
    ),
  );
}

export async function upsertOption(db: Db, key: string, value: string): Promise<void> {
  await db.option.upsert({ where: { key }, create: { key, value }, update: { value } });
}

export async function deleteOptions(db: Db, keys: string[]): Promise<number> {
  return (await db.option.deleteMany({ where: { key: { in: keys } } })).count;
}
