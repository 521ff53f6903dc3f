// Task output rows (written only through the task journal, src/journal), inserted many at a time: each batch travels as one JSON text parameter that
// the database unpacks (SQLite json_each, PostgreSQL json_array_elements). Measured by
// `npm run bench` (log ingestion), Prisma's createMany spent ~50 µs of CPU per row and kept every
// value of its last 100 calls referenced (Prisma's debug history), capping a chatty task at
// ~14,000 lines/s; one text parameter per batch costs a fraction of that in time and memory.
import { kindOfDb, type Db } from './db.ts';

/** Rows per statement: small enough that Prisma's history of 100 calls stays a few MB. */
export const OUTPUT_ROWS_PER_INSERT = 1000;

/** PostgreSQL text cannot hold NUL (a binary blurt would fail the insert for ever): it is stored as U+FFFD. */
const NUL_STAND_IN = '\uFFFD';

export interface OutputRow {
  seq: number;
  time: Date;
  output: string;
  /** A piece of a long line whose next row goes on with it. */
  continued?: boolean;
}

// Times as Prisma writes them: SQLite text in ISO 8601 with an offset, PostgreSQL timestamp(3) in UTC.
const INSERT = {
  sqlite: `INSERT INTO "task__output" ("task_id", "seq", "time", "output", "continued")
    SELECT ?, "value" ->> 0, "value" ->> 1, "value" ->> 2, "value" ->> 3 FROM json_each(?)`,
  postgres: `INSERT INTO "task__output" ("task_id", "seq", "time", "output", "continued")
    SELECT $1, (e ->> 0)::int, (e ->> 1)::timestamptz AT TIME ZONE 'UTC', e ->> 2, (e ->> 3)::boolean FROM json_array_elements($2::json) AS e`,
};

export async function insertOutputLines(db: Db, taskId: number, lines: OutputRow[]): Promise<void> {
  const sql = INSERT[kindOfDb(db)];
  for (let i = 0; i < lines.length; i += OUTPUT_ROWS_PER_INSERT) {
    const rows = lines
      .slice(i, i + OUTPUT_ROWS_PER_INSERT)
      .map((l) => [
        l.seq,
        l.time.toISOString().replace('Z', '+00:00'),
        l.output.replaceAll('\0', NUL_STAND_IN),
        l.continued ? 1 : 0,
      ]);
    await db.$executeRawUnsafe(sql, taskId, JSON.stringify(rows));
  }
}
