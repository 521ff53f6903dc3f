import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cronProblem, goDurationMs } from './cron-format.ts';

const valid = [
  '* * * * *',
  '0 0 * * *',
  '*/5 * * * *',
  '0 9-17 * * 1-5',
  '0,15,30,45 * * * *',
  '1-30/2 * * * *',
  '0 0 1 JAN *',
  '0 0 * * MON-FRI',
  '0 0 * * 0',
  '0 0 * * 7',
  '0 0 ? * *',
  '  0   0 * *  * ',
  '* * * 1 *',
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
  '@every 1h',
  '@every 1h30m',
  '@every 90s',
  '@every 1.5h',
  'CRON_TZ=Europe/Berlin 0 6 * * *',
  'TZ=UTC @daily',
];

const invalid: Array<[string, RegExp]> = [
  ['', /is empty/],
  ['   ', /is empty/],
  ['* * * *', /expected 5 fields .*got 4/],
  ['0 * * * * *', /expected 5 fields .*got 6/],
  ['60 * * * *', /^minute: .*60/],
  ['* 24 * * *', /^hour: .*24/],
  ['* * 0 * *', /^day of month: /],
  ['* * 32 * *', /^day of month: /],
  ['* * * 13 *', /^month: .*13/],
  ['* * * * 8', /^day of week: .*8/],
  ['5-1 * * * *', /^minute: /],
  ['*/0 * * * *', /^minute: /],
  ['1,,2 * * * *', /^minute: /],
  ['a * * * *', /^minute: "a" may only hold/],
  ['* * L * *', /^day of month: "L" may only hold/],
  ['* * 15W * *', /^day of month: /],
  ['* * * * 1#2', /^day of week: /],
  ['* * * * 5L', /^day of week: /],
  ['@reboot', /unknown descriptor "@reboot"/],
  ['@Daily', /unknown descriptor/],
  ['@every', /unknown descriptor/],
  ['@every 1x', /@every: "1x" is not a duration/],
  ['@every 10', /@every: "10" is not a duration/],
  ['@every 500ms', /at least 1s/],
  ['@every -1h', /at least 1s/],
  ['CRON_TZ=Mars/Olympus 0 0 * * *', /unknown time zone "Mars\/Olympus"/],
  ['CRON_TZ=UTC', /nothing after the time zone/],
];

describe('cronProblem', () => {
  for (const expr of valid) {
    test(`accepts ${JSON.stringify(expr)}`, () => assert.equal(cronProblem(expr), null));
  }
  for (const [expr, message] of invalid) {
    test(`refuses ${JSON.stringify(expr)}`, () => {
      const problem = cronProblem(expr);
      assert.ok(problem, 'expected a problem');
      assert.match(problem, message);
    });
  }
});

describe('goDurationMs', () => {
  const cases: Array<[string, number | null]> = [
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['90s', 90_000],
    ['300ms', 300],
    ['0', 0],
    ['-2m', -120_000],
    ['', null],
    ['h', null],
    ['10', null],
    ['1h 30m', null],
    ['1d', null],
  ];
  for (const [text, ms] of cases) {
    test(`${JSON.stringify(text)} is ${ms}`, () => assert.equal(goDurationMs(text), ms));
  }
});
