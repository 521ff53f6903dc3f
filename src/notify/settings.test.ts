import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../config/index.ts';
import { alertSettingsOf } from './settings.ts';

const load = (env: Record<string, string>) => loadConfig(env, { noConfig: true });

test('alert settings come from SEMAPHORE_* variables (and config.json) through the configuration loader', () => {
  const s = alertSettingsOf(
    load({ SEMAPHORE_SLACK_ALERT: 'YES', SEMAPHORE_SLACK_URL: 'https://hooks.example/x', SEMAPHORE_EMAIL_PORT: '587' }),
  );
  assert.equal(s.slack_alert, true);
  assert.equal(s.slack_url, 'https://hooks.example/x');
  assert.equal(s.email_port, '587');
  assert.equal(s.telegram_alert, false);
  assert.throws(
    () => load({ SEMAPHORE_SLACK_ALERT: 'maybe' }),
    /slack_alert \(SEMAPHORE_SLACK_ALERT\): must be true or false/,
  );
  assert.throws(
    () => load({ SEMAPHORE_EMAIL_PORT: 'abc', SEMAPHORE_EMAIL_PASSWORD: 'pw-SECRET' }),
    (err: Error) =>
      err instanceof ConfigError &&
      /email_port \(SEMAPHORE_EMAIL_PORT\): /.test(err.message) &&
      !err.message.includes('pw-SECRET'),
  );
});
