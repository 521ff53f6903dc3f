// Failed logins, one row per counter (`user:<id>`, `name:<digest>`, `address:<ip>`) and attempt.
import type { Db } from './db.ts';

export async function insertFailures(db: Db, keys: string[], at: Date): Promise<void> {
  await db.loginFailure.createMany({ data: keys.map((key) => ({ key, at })) });
}

/** Forgets failures at or before `until`. */
export async function deleteFailuresUntil(db: Db, until: Date): Promise<void> {
  await db.loginFailure.deleteMany({ where: { at: { lte: until } } });
}

export async function deleteFailuresOf(db: Db, key: string): Promise<void> {
  await db.loginFailure.deleteMany({ where: { key } });
}

/** When the counter's failures after `since` happened, oldest first. */
export async function failureTimesSince(db: Db, key: string, since: Date): Promise<Date[]> {
  const rows = await db.loginFailure.findMany({
    where: { key, at: { gt: since } },
    orderBy: { at: 'asc' },
    select: { at: true },
  });
  return rows.map((r) => r.at);
}
