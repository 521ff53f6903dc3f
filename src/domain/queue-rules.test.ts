import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockedBy, nextToStart, type SlotRequest } from './queue-rules.ts';

const req = (taskId: number, templateId: number, extra: Partial<SlotRequest> = {}): SlotRequest => ({
  taskId,
  projectId: 1,
  templateId,
  allowParallel: false,
  projectLimit: 0,
  ...extra,
});
const ids = (r: SlotRequest[]) => r.map((x) => x.taskId);

test('with no limits every waiting task of different templates starts, in FIFO order', () => {
  assert.deepEqual(ids(nextToStart({ waiting: [req(1, 1), req(2, 2), req(3, 3)], running: [] }, 0)), [1, 2, 3]);
});

test('one run per template unless the template allows parallel runs', () => {
  assert.deepEqual(ids(nextToStart({ waiting: [req(1, 1), req(2, 1), req(3, 2)], running: [] }, 0)), [1, 3]);
  assert.deepEqual(ids(nextToStart({ waiting: [req(2, 1)], running: [req(1, 1)] }, 0)), []);
  const parallel = { allowParallel: true };
  assert.deepEqual(ids(nextToStart({ waiting: [req(1, 1, parallel), req(2, 1, parallel)], running: [] }, 0)), [1, 2]);
});

test('the global limit caps running tasks; the oldest waiting go first', () => {
  assert.deepEqual(ids(nextToStart({ waiting: [req(3, 3), req(4, 4), req(5, 5)], running: [req(1, 1)] }, 3)), [3, 4]);
  assert.deepEqual(ids(nextToStart({ waiting: [req(3, 3)], running: [req(1, 1), req(2, 2)] }, 2)), []);
});

test("the project's limit caps that project only", () => {
  const limited = { projectLimit: 1 };
  const other = { projectId: 2 };
  assert.deepEqual(ids(nextToStart({ waiting: [req(2, 2, limited), req(3, 3, other)], running: [req(1, 1)] }, 0)), [3]);
});

test('a blocked task does not hold back later tasks that can start', () => {
  assert.deepEqual(ids(nextToStart({ waiting: [req(2, 1), req(3, 2)], running: [req(1, 1)] }, 0)), [3]);
});

test('the reason names what blocks a task', () => {
  assert.match(blockedBy(req(2, 1), [req(1, 1)], 0)!, /template 1 is running/);
  assert.match(blockedBy(req(2, 2), [req(1, 1)], 1)!, /all 1 task slots are busy/);
  assert.match(blockedBy(req(2, 2, { projectLimit: 1 }), [req(1, 1)], 0)!, /project 1 already runs 1 of its 1/);
  assert.equal(blockedBy(req(2, 2), [req(1, 1)], 0), null);
});
