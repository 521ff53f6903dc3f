import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transition, type TaskStatus } from './task-status.ts';

const cases: Array<[TaskStatus, TaskStatus, boolean]> = [
  ['waiting', 'starting', true],
  ['starting', 'running', true],
  ['running', 'success', true],
  ['running', 'error', true],
  ['running', 'stopping', true],
  ['stopping', 'stopped', true],
  ['waiting', 'stopped', true],
  ['running', 'waiting_confirmation', true],
  ['waiting_confirmation', 'confirmed', true],
  ['confirmed', 'running', true],
  ['running', 'running', false],
  ['stopped', 'running', false],
  ['stopped', 'success', false],
  ['success', 'error', false],
  ['error', 'running', false],
  ['confirmed', 'waiting_confirmation', false],
  ['running', 'waiting', false],
  ['running', 'starting', false],
  ['stopping', 'running', false],
  ['stopping', 'waiting', false],
];

for (const [from, to, allowed] of cases) {
  test(`task status ${from} -> ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
    assert.equal(transition(from, to).allowed, allowed);
  });
}

test('entering running stamps the start time and finishing stamps the end time', () => {
  assert.equal(transition('starting', 'running').stampStart, true);
  assert.equal(transition('running', 'success').stampEnd, true);
  assert.equal(transition('waiting', 'starting').stampEnd, false);
});
