import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tasksToPrune } from './task-pruning.ts';

const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);

const cases: Array<[finished: number, max: number, pruned: number[], why: string]> = [
  [100, 0, [], 'max 0 turns pruning off'],
  [21, 20, [], 'below max + 10 % nothing goes'],
  [22, 20, [2, 1], 'at max + 10 % the oldest beyond max go'],
  [30, 20, newestFirst(10), 'a backlog goes in one sweep'],
  [5, 5, [], 'small max: 10 % rounds down, at max nothing goes'],
  [6, 5, [1], 'small max: one over max goes'],
  [3, 1, [2, 1], 'max 1 keeps the newest only'],
];

for (const [finished, max, pruned, why] of cases) {
  test(`pruning: ${why} (${finished} finished, max ${max})`, () => {
    assert.deepEqual(tasksToPrune(newestFirst(finished), max), pruned);
  });
}
