import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LOGIN_STATE_TTL_MS, loginStateKey, openLoginState, sealLoginState } from './oidc-login-state.ts';

const state = {
  provider: 'corp',
  state: 'state-value-1',
  nonce: 'nonce-value-1',
  verifier: 'verifier-value-1',
  redirectPath: 'project/1',
};

test('the sign-in state opens only for its provider, with its key, untouched and in time', () => {
  const key = loginStateKey(randomBytes(32));
  const sealed = sealLoginState(state, key, 1000);
  assert.deepEqual(openLoginState(sealed, 'corp', key, 2000), state);
  const opened = Buffer.from(sealed, 'base64url').toString('latin1');
  for (const secret of ['state-value-1', 'nonce-value-1', 'verifier-value-1', 'project/1']) {
    assert.ok(!sealed.includes(secret) && !opened.includes(secret), `${secret} is sealed`);
  }
  assert.equal(openLoginState(sealed, 'other', key, 2000), null, 'another provider');
  assert.equal(openLoginState(sealed, 'corp', loginStateKey(randomBytes(32)), 2000), null, 'another key');
  assert.equal(openLoginState(sealed, 'corp', key, 1000 + LOGIN_STATE_TTL_MS), null, 'expired');
  const raw = Buffer.from(sealed, 'base64url');
  raw[20] ^= 1;
  assert.equal(openLoginState(raw.toString('base64url'), 'corp', key, 2000), null, 'altered');
  for (const junk of ['', 'x', 'AAAA', '%%%']) assert.equal(openLoginState(junk, 'corp', key, 2000), null);
});

test('the sealing key is derived: not the installation key itself, the same for the same key', () => {
  const base = randomBytes(32);
  assert.ok(!loginStateKey(base).equals(base));
  assert.ok(loginStateKey(base).equals(loginStateKey(Buffer.from(base))));
});
