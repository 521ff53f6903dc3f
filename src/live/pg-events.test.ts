import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTaskEvent, parseTaskEvent, TaskEventQueue, type TaskEvent } from './pg-events.ts';

test('events survive a round trip through a NOTIFY payload, which stays tiny', () => {
  const events: TaskEvent[] = [
    { kind: 'lines', task: 7, from: 1, to: 200_000 },
    { kind: 'status', task: 2_147_483_647, status: 'waiting_confirmation' },
  ];
  for (const e of events) {
    const payload = encodeTaskEvent(e);
    assert.ok(Buffer.byteLength(payload) < 64, payload);
    assert.deepEqual(parseTaskEvent(payload), e);
  }
});

test('payloads this version does not understand are ignored', () => {
  for (const payload of [
    '',
    'L',
    'L 1 2',
    'L 0 1 2',
    'L 1 5 4',
    'L 1 0 3',
    'L x 1 2',
    'S 3 exploded',
    'S 3',
    'X 1 2 3',
    'L 1 1 2 extra',
    'S -1 running',
  ]) {
    assert.equal(parseTaskEvent(payload), null, payload);
  }
});

test('consecutive line events of a task merge; a status change keeps its place', () => {
  const q = new TaskEventQueue();
  q.push({ kind: 'lines', task: 1, from: 1, to: 10 });
  q.push({ kind: 'lines', task: 2, from: 1, to: 3 });
  q.push({ kind: 'lines', task: 1, from: 11, to: 20 });
  q.push({ kind: 'status', task: 1, status: 'success' });
  q.push({ kind: 'lines', task: 1, from: 21, to: 21 });
  q.push({ kind: 'lines', task: 2, from: 4, to: 9 });
  const out: TaskEvent[] = [];
  for (let e = q.take(); e; e = q.take()) out.push(e);
  assert.deepEqual(out, [
    { kind: 'lines', task: 1, from: 1, to: 20 },
    { kind: 'lines', task: 2, from: 1, to: 9 },
    { kind: 'status', task: 1, status: 'success' },
    { kind: 'lines', task: 1, from: 21, to: 21 },
  ]);
});

test('an event taken for sending takes no more merges, and goes back first when sending fails', () => {
  const q = new TaskEventQueue();
  q.push({ kind: 'lines', task: 1, from: 1, to: 10 });
  const sending = q.take()!;
  q.push({ kind: 'lines', task: 1, from: 11, to: 20 });
  assert.deepEqual(sending, { kind: 'lines', task: 1, from: 1, to: 10 });
  q.putBack(sending);
  assert.equal(q.length, 2);
  assert.deepEqual([q.take(), q.take(), q.take()], [sending, { kind: 'lines', task: 1, from: 11, to: 20 }, undefined]);
});
