import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from './duration.ts';

test('durations: seconds by default, or with a unit; anything else is refused', () => {
  const cases: Array<[string, number | null]> = [
    ['600', 600_000],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['1.5s', 1500],
    [' 2 M ', 120_000],
    ['', null],
    ['0', null],
    ['-5', null],
    ['10 minutes', null],
    ['1d', null],
    ['abc', null],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test('durations are printed in the largest whole unit', () => {
  assert.equal(formatDuration(600_000), '10 min');
  assert.equal(formatDuration(90_000), '90 s');
  assert.equal(formatDuration(7_200_000), '2 h');
  assert.equal(formatDuration(1500), '1500 ms');
});
