import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { maskedTexts, openTaskSecret, sealTaskSecret, TaskSecretError } from './task-secret-seal.ts';

describe('sealed task secrets', () => {
  const key = randomBytes(32);
  const values = { db_password: 'pw-Hidden-1', port: 5432, nested: { token: 'tk-2' } };

  test('open what was sealed for the same task with the same key', () => {
    const sealed = sealTaskSecret(values, 7, key);
    assert.deepEqual(openTaskSecret(sealed, 7, key), values);
  });

  test('the sealed text shows none of the values, and differs each time', () => {
    const a = sealTaskSecret(values, 7, key);
    const b = sealTaskSecret(values, 7, key);
    assert.notEqual(a, b);
    for (const text of [a, b, Buffer.from(a.slice(a.indexOf(':') + 1), 'base64').toString('latin1')])
      for (const v of ['pw-Hidden-1', 'tk-2', 'db_password', '5432']) assert.ok(!text.includes(v), v);
  });

  test('another task, another key, a changed byte or no key cannot open it', () => {
    const sealed = sealTaskSecret(values, 7, key);
    assert.throws(() => openTaskSecret(sealed, 8, key), TaskSecretError);
    assert.throws(() => openTaskSecret(sealed, 7, randomBytes(32)), TaskSecretError);
    assert.throws(() => openTaskSecret(sealed, 7, null), /no encryption key/);
    const raw = Buffer.from(sealed.slice('sealed-v1:'.length), 'base64');
    raw[20] ^= 1;
    assert.throws(() => openTaskSecret(`sealed-v1:${raw.toString('base64')}`, 7, key), TaskSecretError);
    assert.throws(() => openTaskSecret('{"db_password":"x"}', 7, key), /not a sealed text/);
  });

  test('without a key nothing is sealed', () => {
    assert.throws(() => sealTaskSecret(values, 7, null), TaskSecretError);
  });

  test('16- and 24-byte keys work as 32-byte ones do', () => {
    for (const k of [randomBytes(16), randomBytes(24)])
      assert.deepEqual(openTaskSecret(sealTaskSecret(values, 1, k), 1, k), values);
  });

  test('masked texts: every string and number inside, and the JSON of objects; never empty texts or booleans', () => {
    assert.deepEqual(maskedTexts({ a: 'x1', b: '', c: true, d: 12, e: ['y2', { f: 'z3' }] }).sort(), [
      '12',
      '["y2",{"f":"z3"}]',
      'x1',
      'y2',
      'z3',
      '{"f":"z3"}',
    ]);
  });
});
