// setTaskStatus against a real database, on SQLite and PostgreSQL: a move from the status a run
// usually holds and a move from any other status give what the transition rules say, and the
// start and end stamps are set once, when the task enters running and a finished status.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS, freshDatabaseUrl } from './support/env.ts';
import { applyMigrations } from '../src/store/migrate.ts';
import { createDb, type Db } from '../src/store/db.ts';
import { setTaskStatus } from '../src/store/task-journal.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';

// [status before, move to, changed, reason when refused]
const cases: Array<[string, TaskStatus, boolean, string]> = [
  ['waiting', 'starting', true, ''],
  ['starting', 'running', true, ''],
  ['running', 'success', true, ''],
  ['running', 'error', true, ''],
  ['starting', 'error', true, ''], // a run that failed before its process started
  ['confirmed', 'running', true, ''], // the apply phase of a Terraform plan
  ['stopping', 'success', true, ''],
  ['stopping', 'running', false, 'task is stopping'],
  ['stopped', 'starting', false, 'task already finished as stopped'],
  ['success', 'error', false, 'task already finished as success'],
  ['running', 'starting', false, 'task is already running'],
  ['starting', 'starting', false, 'task is already starting'],
  ['no-such-status', 'running', false, 'task already finished as error'],
];

for (const kind of DB_KINDS) {
  describe(`task status changes on ${kind}`, () => {
    let db: Db;
    let projectId = 0;

    before(async () => {
      const url = await freshDatabaseUrl(kind);
      await applyMigrations(url);
      db = createDb(url);
      projectId = (await db.project.create({ data: { name: 'statuses' } })).id;
    });

    after(async () => {
      await db?.$disconnect();
    });

    for (const [before, to, changed, reason] of cases) {
      test(`${before} → ${to}: ${changed ? 'moves' : `stays, "${reason}"`}`, async () => {
        const task = await db.task.create({ data: { project_id: projectId, template_id: 1, status: before } });
        const change = await setTaskStatus(db, task.id, to);
        assert.deepEqual(change, { changed, from: before === 'no-such-status' ? 'error' : before, to, reason });
        const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
        assert.equal(row.status, changed ? to : before);
        assert.equal(row.start !== null, changed && to === 'running');
        assert.equal(row.end !== null, changed && ['success', 'error'].includes(to));
      });
    }

    test('a move stores the commit the run reports with it', async () => {
      const task = await db.task.create({ data: { project_id: projectId, template_id: 1, status: 'starting' } });
      await setTaskStatus(db, task.id, 'running', { commit_hash: 'abc123', commit_message: 'fix' });
      const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      assert.deepEqual([row.status, row.commit_hash, row.commit_message], ['running', 'abc123', 'fix']);
    });

    test('a task that does not exist is an error that names it', async () => {
      await assert.rejects(setTaskStatus(db, 999_999, 'starting'), /task 999999 not found/);
    });
  });
}
