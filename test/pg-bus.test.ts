// The PostgreSQL live bus on its own, against a real database: what it delivers when events
// arrive, when they arrive twice, and when they never arrive because a session was lost.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { freshPostgresUrl } from './support/env.ts';
import { eventually } from './support/eventually.ts';
import { applyMigrations } from '../src/store/migrate.ts';
import { createDb, type Db } from '../src/store/db.ts';
import { setTaskStatus } from '../src/store/task-journal.ts';
import type { OutputListener } from '../src/tasks/output-writer.ts';
import { createTaskJournal } from '../src/journal/task-journal.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';
import type { LiveMessage } from '../src/live/bus.ts';
import { PgLiveBus } from '../src/live/pg-bus.ts';
import { PgTaskNotifier } from '../src/live/pg-notifier.ts';
import { LIVE_APPLICATION } from '../src/live/pg-events.ts';

describe('the PostgreSQL live bus', () => {
  let url: string;
  let db: Db;
  let bus: PgLiveBus;
  let notifier: PgTaskNotifier;
  let projectId: number;
  const got: LiveMessage[] = [];

  before(async () => {
    url = await freshPostgresUrl();
    await applyMigrations(url);
    db = createDb(url);
    const admin = await db.user.create({
      data: { username: 'admin', name: 'Admin', email: 'admin@example.test', password: '!', admin: true },
    });
    projectId = (await db.project.create({ data: { name: 'bus' } })).id;
    bus = new PgLiveBus(url, db);
    await bus.start();
    bus.subscribe(admin.id, (m) => got.push(m));
    notifier = new PgTaskNotifier(url);
  });

  after(async () => {
    await notifier?.close();
    await bus?.close();
    await db?.$disconnect();
  });

  async function newTask(): Promise<number> {
    return (await db.task.create({ data: { project_id: projectId, template_id: 1, status: 'waiting' } })).id;
  }

  async function writeLines(taskId: number, count: number, onLines?: OutputListener): Promise<void> {
    const writer = await createTaskJournal(db, ...(onLines ? [{ lines: onLines }] : [])).openOutput(taskId);
    for (let i = 1; i <= count; i++) writer.write(`task ${taskId} line ${i}`);
    await writer.close();
  }

  async function moveTo(taskId: number, statuses: TaskStatus[], notify: boolean): Promise<void> {
    for (const s of statuses) {
      assert.equal((await setTaskStatus(db, taskId, s)).changed, true, s);
      if (notify) notifier.onStatus(taskId, s);
    }
  }

  /** Ends every session of the bus (listener and notifier), as a database restart would. */
  async function cutSessions(): Promise<number> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const res = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [LIVE_APPLICATION],
      );
      return res.rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  async function delivered(taskId: number, status: string): Promise<{ updates: string[]; lines: string[] }> {
    const mine = () => got.filter((m) => m.task_id === taskId);
    await eventually(
      () => {
        const updates = mine().flatMap((m) => (m.type === 'update' ? [m.status] : []));
        assert.ok(updates.includes(status), `updates so far: ${JSON.stringify(updates)}`);
        return true;
      },
      { what: `task ${taskId}: the ${status} update` },
    );
    const stored = await db.taskOutput.findMany({ where: { task_id: taskId }, orderBy: { seq: 'asc' } });
    const lines = mine().flatMap((m) => (m.type === 'log' ? [m.output] : []));
    assert.deepEqual(
      lines,
      stored.map((l) => l.output),
      `task ${taskId}: every stored line, once, in order`,
    );
    return { updates: mine().flatMap((m) => (m.type === 'update' ? [m.status] : [])), lines };
  }

  test('lines and status changes arrive in order, across many notifications', async () => {
    const id = await newTask();
    notifier.onStatus(id, 'waiting');
    await moveTo(id, ['starting', 'running'], true);
    await writeLines(id, 5_000, notifier.onLines);
    await moveTo(id, ['success'], true);
    const { updates, lines } = await delivered(id, 'success');
    assert.deepEqual(updates, ['waiting', 'starting', 'running', 'success']);
    assert.equal(lines.length, 5_000);
  });

  test('an event that arrives twice, or points at lines already delivered, delivers nothing twice', async () => {
    const id = await newTask();
    await moveTo(id, ['starting', 'running'], true);
    const echo: OutputListener = (taskId, lines) => {
      notifier.onLines(taskId, lines);
      notifier.onLines(taskId, lines);
      notifier.onLines(taskId, lines.slice(0, 1));
    };
    await writeLines(id, 1_500, echo);
    notifier.onStatus(id, 'running');
    await moveTo(id, ['success'], true);
    notifier.onStatus(id, 'success');
    const { updates } = await delivered(id, 'success');
    assert.deepEqual(updates, ['starting', 'running', 'success']);
  });

  test('a lost session: what a task stored while nothing was heard is delivered once the bus listens again', async () => {
    const running = await newTask();
    await moveTo(running, ['starting', 'running'], true);
    await writeLines(running, 10, notifier.onLines);
    await eventually(() => got.some((m) => m.task_id === running && m.type === 'log'), {
      what: `task ${running}: a first line`,
    });

    // Stored with no event at all: a task the bus follows, and a task it has never heard of.
    await writeLines(running, 700);
    await moveTo(running, ['success'], false);
    const unheard = await newTask();
    await writeLines(unheard, 300);
    await moveTo(unheard, ['starting', 'running', 'error'], false);

    assert.ok((await cutSessions()) >= 2, 'the listener and the notifier had sessions');
    assert.deepEqual((await delivered(running, 'success')).updates, ['starting', 'running', 'success']);
    assert.deepEqual((await delivered(unheard, 'error')).updates, ['error']);
  });

  test('events sent while the sessions are down go out once they are back', async () => {
    await cutSessions();
    const id = await newTask();
    notifier.onStatus(id, 'waiting');
    await moveTo(id, ['starting', 'running'], true);
    await writeLines(id, 2_000, notifier.onLines);
    await moveTo(id, ['success'], true);
    // Statuses sent before the listener is back are read from the task row: the latest one is
    // delivered, never an earlier one after a later one.
    const { updates } = await delivered(id, 'success');
    const order = ['waiting', 'starting', 'running', 'success'];
    assert.deepEqual(
      updates,
      order.filter((s) => updates.includes(s)),
      `in order, once each: ${updates}`,
    );
  });
});
