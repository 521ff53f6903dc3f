// The option table: a key/value store for settings made in the UI (§1.20).
import type { Db } from '../store/db.ts';
import { deleteOptions, findOptions, findOptionsLike, upsertOption, upsertOptions } from '../store/options.ts';

export async function listOptions(db: Db): Promise<Record<string, string>> {
  const rows = await findOptions(db);
  return Object.fromEntries(rows.map((o) => [o.key, o.value]));
}

/** Options whose key starts with `prefix`, compared exactly (SQLite's LIKE ignores case). */
export async function optionsWithPrefix(db: Db, prefix: string): Promise<Record<string, string>> {
  const rows = await findOptionsLike(db, prefix);
  return Object.fromEntries(rows.filter((o) => o.key.startsWith(prefix)).map((o) => [o.key, o.value]));
}

export async function setOption(db: Db, key: string, value: string): Promise<void> {
  await upsertOption(db, key, value);
}

export async function setOptions(db: Db, values: Record<string, string>): Promise<void> {
  await upsertOptions(db, values);
}

export async function deleteOptionsWithPrefix(db: Db, prefix: string): Promise<number> {
  const keys = Object.keys(await optionsWithPrefix(db, prefix));
  if (keys.length === 0) return 0;
  return deleteOptions(db, keys);
}
