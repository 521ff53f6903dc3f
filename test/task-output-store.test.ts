// Task output goes to the database as JSON batches unpacked by SQL (src/store/task-output.ts): the rows
// read back through Prisma exactly as written (order, time to the millisecond, any text), on
// SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS, freshDatabaseUrl } from './support/env.ts';
import { applyMigrations } from '../src/store/migrate.ts';
import { createDb, type Db } from '../src/store/db.ts';
import { createTaskJournal } from '../src/journal/task-journal.ts';

const AWKWARD = [
  'it\'s "quoted"',
  'back\\slash $1 ? :name',
  'ünïcödé ✓ 🚀',
  '',
  '   ',
  'tab\there',
  "'); DROP TABLE task; --",
  '{"json": [1, 2]}',
  'nul\0byte',
];
const STORED_AS: Record<string, string> = { 'nul\0byte': 'nul\uFFFDbyte' };

for (const kind of DB_KINDS) {
  describe(`task output store on ${kind}`, () => {
    let db: Db;
    let taskId = 0;

    before(async () => {
      const url = await freshDatabaseUrl(kind);
      await applyMigrations(url);
      db = createDb(url);
      const project = await db.project.create({ data: { name: 'output' } });
      const task = await db.task.create({ data: { project_id: project.id, template_id: 1 } });
      taskId = task.id;
    });
    after(async () => db?.$disconnect());

    test('5,000 lines, awkward text included, read back in order with their exact times', async () => {
      const writer = await createTaskJournal(db).openOutput(taskId);
      const written: Array<{ output: string; time: Date }> = [];
      for (let i = 0; i < 5000; i++) {
        const output = i < AWKWARD.length ? AWKWARD[i] : `line ${i}`;
        const time = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, i % 1000));
        writer.write(output, time);
        written.push({ output, time });
      }
      await writer.close();
      const rows = await db.taskOutput.findMany({ where: { task_id: taskId }, orderBy: { seq: 'asc' } });
      assert.equal(rows.length, 5000);
      assert.deepEqual(
        rows.map((r) => r.seq),
        Array.from({ length: 5000 }, (_, i) => i + 1),
      );
      assert.deepEqual(
        rows.map((r) => r.output),
        written.map((w) => STORED_AS[w.output] ?? w.output),
      );
      assert.deepEqual(
        rows.map((r) => r.time.toISOString()),
        written.map((w) => w.time.toISOString()),
      );
      assert.ok(rows.every((r) => r.task === '' && r.stage_id === null));
    });

    test('a second writer of the same task continues the sequence', async () => {
      const writer = await createTaskJournal(db).openOutput(taskId);
      writer.write('more');
      await writer.close();
      const last = await db.taskOutput.findFirst({ where: { task_id: taskId }, orderBy: { seq: 'desc' } });
      assert.equal(last?.seq, 5001);
      assert.equal(last?.output, 'more');
    });
  });
}
