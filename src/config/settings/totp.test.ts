// TOTP settings through the real loader: both of Semaphore's blocks, its variables over the file,
// the issuer name, and a bad value named by its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../load.ts';
import { loadSettings } from '../load.ts';
import { totpPolicy } from './totp.ts';

const dir = mkdtempSync(join(tmpdir(), 'signalman-totp-config-'));
let n = 0;
function policy(env: NodeJS.ProcessEnv, content?: unknown) {
  let configPath: string | undefined;
  if (content !== undefined) {
    configPath = join(dir, `config-${n++}.json`);
    writeFileSync(configPath, JSON.stringify(content));
  }
  return totpPolicy(loadSettings(env, { cwd: dir, searchPaths: [], configPath }).settings);
}

test('TOTP is off by default, with the Signalman issuer', () => {
  assert.deepEqual(policy({}), { enabled: false, allowRecovery: false, issuer: 'Signalman' });
});

test('either auth.totp (v2.11) or mfa.totp (newest) turns TOTP and recovery on', () => {
  assert.deepEqual(policy({}, { auth: { totp: { enabled: true, allow_recovery: true } } }), {
    enabled: true,
    allowRecovery: true,
    issuer: 'Signalman',
  });
  assert.deepEqual(policy({}, { mfa: { totp: { enabled: true, app_name: 'Ops' } } }), {
    enabled: true,
    allowRecovery: false,
    issuer: 'Ops',
  });
});

test("Semaphore's variables set both blocks and override the file either way", () => {
  assert.equal(policy({ SEMAPHORE_TOTP_ENABLED: 'yes' }).enabled, true);
  assert.equal(policy({ SEMAPHORE_TOTP_ALLOW_RECOVERY: '1' }).allowRecovery, true);
  assert.equal(policy({ SEMAPHORE_TOTP_ENABLED: 'false' }, { mfa: { totp: { enabled: true } } }).enabled, false);
  assert.equal(policy({ SEMAPHORE_TOTP_ENABLED: 'false' }, { auth: { totp: { enabled: true } } }).enabled, false);
  assert.equal(policy({ SEMAPHORE_TOTP_ISSUER: 'Acme' }, { mfa: { totp: { app_name: 'Ops' } } }).issuer, 'Acme');
});

test('a value of the wrong kind is refused, naming its key', () => {
  assert.throws(
    () => policy({}, { auth: { totp: { enabled: 'sometimes' } } }),
    (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.includes('auth.totp.enabled')),
  );
  assert.throws(
    () => policy({ SEMAPHORE_TOTP_ENABLED: 'maybe' }),
    (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.includes('SEMAPHORE_TOTP_ENABLED')),
  );
});
