// Every row of every table, to prove that a refused request changed nothing. Columns that move on
// their own (a session's last activity, a runner's last contact) are left out; the logs, which
// only ever grow, are compared by their row count and highest id.
import { Prisma } from '../../src/generated/prisma-sqlite/client.ts';
import type { Db } from '../../src/store/db.ts';

export type Snapshot = Record<string, string[]>;

const VOLATILE: Record<string, string[]> = { Session: ['last_active'], Runner: ['touched'] };
const APPEND_ONLY = new Set(['Event', 'TaskOutput', 'TaskStage']);
/** Bookkeeping that a refused request is meant to write: a failed login counts towards throttling. */
const IGNORED = new Set(['LoginFailure']);

interface Delegate {
  findMany(): Promise<Array<Record<string, unknown>>>;
  aggregate(args: object): Promise<{ _count: number; _max: { id: number | null } }>;
}

function delegate(db: Db, model: string): Delegate {
  return (db as unknown as Record<string, Delegate>)[model[0].toLowerCase() + model.slice(1)];
}

export async function snapshot(db: Db): Promise<Snapshot> {
  const models = (Object.values(Prisma.ModelName) as string[]).filter((m) => !IGNORED.has(m));
  const tables = await Promise.all(
    models.map(async (model) => {
      if (APPEND_ONLY.has(model)) {
        const { _count, _max } = await delegate(db, model).aggregate({ _count: true, _max: { id: true } });
        return [model, [`${_count} rows, last id ${_max.id}`]] as const;
      }
      const rows = await delegate(db, model).findMany();
      const text = rows.map((row) => {
        const kept = { ...row };
        for (const column of VOLATILE[model] ?? []) delete kept[column];
        return JSON.stringify(kept);
      });
      return [model, text.sort()] as const;
    }),
  );
  return Object.fromEntries(tables);
}

/** What differs between two snapshots, one line per table: "Template: +1 -1 rows". */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const model of Object.keys(before)) {
    const was = new Set(before[model]);
    const now = new Set(after[model]);
    const added = after[model].filter((r) => !was.has(r));
    const removed = before[model].filter((r) => !now.has(r));
    if (added.length || removed.length)
      out.push(
        `${model}: +${added.length} -${removed.length} rows (${[...added, ...removed].join(' | ').slice(0, 400)})`,
      );
  }
  return out;
}

/** Waits until nothing has written to the database for `quietMs` (tasks finished, workers idle); returns the snapshot. */
export async function stillSnapshot(db: Db, quietMs = 300, timeoutMs = 60_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = await snapshot(db);
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const next = await snapshot(db);
    if (changes(last, next).length === 0) return next;
    if (Date.now() > deadline) throw new Error(`the database keeps changing: ${changes(last, next).join('; ')}`);
    last = next;
  }
}
