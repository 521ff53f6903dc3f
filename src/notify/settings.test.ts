import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertSettingsOf } from './settings.ts';

test('until the configuration loader fills config.settings, they are read from SEMAPHORE_* variables', () => {
  const s = alertSettingsOf(
    {},
    { SEMAPHORE_SLACK_ALERT: 'YES', SEMAPHORE_SLACK_URL: 'https://hooks.example/x', SEMAPHORE_EMAIL_PORT: '587' },
  );
  assert.equal(s.slack_alert, true);
  assert.equal(s.slack_url, 'https://hooks.example/x');
  assert.equal(s.email_port, '587');
  assert.equal(s.telegram_alert, false);
  assert.equal(alertSettingsOf({ settings: { telegram_alert: true } }).telegram_alert, true);
  assert.throws(() => alertSettingsOf({}, { SEMAPHORE_SLACK_ALERT: 'maybe' }), /invalid configuration: slack_alert/);
  assert.throws(
    () => alertSettingsOf({}, { SEMAPHORE_EMAIL_PORT: 'abc', SEMAPHORE_EMAIL_PASSWORD: 'pw-SECRET' }),
    (err: Error) => /email_port must be a port number/.test(err.message) && !err.message.includes('pw-SECRET'),
  );
});
