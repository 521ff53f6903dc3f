// Every row of every table, to prove that a refused request changed nothing. Columns that move on
// their own (a session's last activity, a runner's last contact) are left out; the logs, which
// only ever grow, are compared by their row count and highest id.
import { Prisma } from '../../src/generated/prisma-sqlite/client.ts';
import type { Db } from '../../src/store/db.ts';
import { eventually } from './eventually.ts';
import { tasksAtWork, type TaskStack } from './tasks-at-rest.ts';

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

/**
 * The snapshot once nothing is still writing: every task is at rest (its workflow closed, or
 * waiting for a person or a runner; see tasks-at-rest.ts), and a second look, after checking
 * that again, finds the same rows. Times out naming the tasks at work or the rows that moved.
 */
export async function stillSnapshot(stack: TaskStack, timeoutMs = 60_000): Promise<Snapshot> {
  const atRest = async () => {
    const busy = await tasksAtWork(stack);
    if (busy.length) throw new Error(`tasks at work: ${busy.join('; ')}`);
  };
  return eventually(
    async () => {
      await atRest();
      const first = await snapshot(stack.db);
      await atRest();
      const second = await snapshot(stack.db);
      const moved = changes(first, second);
      if (moved.length) throw new Error(`the database changed with every task at rest: ${moved.join('; ')}`);
      return second;
    },
    { what: 'every task to come to rest and the database to stop changing', timeout: timeoutMs, interval: 100 },
  );
}
