import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { alertSettings } from './alerts.ts';

type Meta = { env?: string | string[]; secret?: boolean; description?: string };
const metaOf = (key: string) => (alertSettings[key as keyof typeof alertSettings].meta() ?? {}) as Meta;

test('every alert setting names its environment variable and says what it is', () => {
  for (const key of Object.keys(alertSettings)) {
    const meta = metaOf(key);
    assert.ok(meta.env && meta.description, key);
  }
  assert.equal(metaOf('email_password').env, 'SEMAPHORE_EMAIL_PASSWORD');
  assert.equal(metaOf('telegram_api_url').env, 'SIGNALMAN_TELEGRAM_API_URL');
});

test('passwords, tokens, secrets and URLs that carry tokens are marked secret; nothing else is', () => {
  const secret = Object.keys(alertSettings)
    .filter((k) => metaOf(k).secret)
    .sort();
  assert.deepEqual(secret, [
    'dingtalk_url',
    'email_password',
    'gotify_token',
    'microsoft_teams_url',
    'rocketchat_url',
    'slack_url',
    'telegram_token',
    'webhook_secret',
    'webhook_url',
  ]);
});

test("defaults are Semaphore's; bad values are refused naming the setting", () => {
  const s = z.object(alertSettings).parse({});
  assert.equal(s.email_tls_min_version, '1.2');
  assert.equal(s.telegram_api_url, 'https://api.telegram.org');
  assert.equal(s.email_alert, false);
  const bad = z.object(alertSettings).safeParse({ email_port: '25x', email_tls_min_version: '1.4' });
  assert.equal(bad.success, false);
  const messages = bad.error?.issues.map((i) => i.message).join('; ') ?? '';
  assert.match(messages, /email_port/);
  assert.match(messages, /email_tls_min_version/);
});
