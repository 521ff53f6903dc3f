import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TooManyRequestsError } from '../errors.ts';
import { TEST_ALERT_EVERY_MS, TestAlertThrottle } from './test-alerts.ts';

test('test alerts: once per user and project within the period, with how long to wait', () => {
  const throttle = new TestAlertThrottle();
  throttle.take(1, 7, 1_000);
  assert.throws(
    () => throttle.take(1, 7, 1_000 + 2_500),
    (err) => err instanceof TooManyRequestsError && err.status === 429 && err.retryAfterSeconds === 8,
  );
  throttle.take(1, 8, 1_500); // another user of the same project
  throttle.take(2, 7, 1_500); // the same user, another project
  throttle.take(1, 7, 1_000 + TEST_ALERT_EVERY_MS); // the period is over
});
