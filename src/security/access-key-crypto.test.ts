// Compatibility proof for access-key encryption (semaphore-behaviour.md §4.1): vectors made by an
// independent Python implementation (test/fixtures/access-key-vectors/make_vectors.py) decrypt with
// our code, and what our code encrypts decrypts with the Python implementation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  decryptSecret,
  encryptSecret,
  KeyDecryptionError,
  loadOrCreateEncryptionKey,
  parseEncryptionKey,
} from './access-key-crypto.ts';
import { readSecret } from './access-key-crypto.ts';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/access-key-vectors');
const python = join(root, '.tools/venv/bin/python');

interface Vector {
  name: string;
  type: 'ssh' | 'login_password' | 'string';
  key: string | null;
  plaintext: string;
  stored: string;
}

const { vectors } = JSON.parse(readFileSync(join(fixtures, 'vectors.json'), 'utf8')) as { vectors: Vector[] };
const keyOf = (v: { key: string | null }) => (v.key === null ? null : parseEncryptionKey(v.key));

/** Decrypts with the Python implementation. */
function pythonDecrypt(
  items: Array<{ key: string | null; stored: string }>,
): Array<{ plaintext?: string; error?: string }> {
  const res = spawnSync(python, [join(fixtures, 'make_vectors.py'), 'verify'], {
    input: JSON.stringify(items),
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, `make_vectors.py verify failed: ${res.stderr || res.error}`);
  return JSON.parse(res.stdout);
}

describe('access-key encryption is compatible with an independent implementation', () => {
  test('the fixture covers 16, 24 and 32-byte keys, every secret type and the no-key format', () => {
    const sizes = new Set(vectors.filter((v) => v.key).map((v) => Buffer.from(v.key!, 'base64').length));
    assert.deepEqual([...sizes].sort(), [16, 24, 32]);
    for (const type of ['ssh', 'login_password', 'string']) {
      assert.ok(
        vectors.some((v) => v.type === type && v.key),
        `encrypted ${type}`,
      );
      assert.ok(
        vectors.some((v) => v.type === type && !v.key),
        `unencrypted ${type}`,
      );
    }
  });

  test('every vector decrypts with our code to its plaintext', () => {
    for (const v of vectors) assert.equal(decryptSecret(v.stored, keyOf(v)), v.plaintext, v.name);
  });

  test('decrypted ssh and login_password vectors read as key secrets with their fields', () => {
    for (const v of vectors) {
      const secret = readSecret({ type: v.type, secret: v.stored }, keyOf(v));
      if (v.type === 'ssh') {
        assert.equal(secret.login, 'deploy', v.name);
        assert.equal(secret.passphrase, 'correct horse', v.name);
        assert.match(
          secret.private_key ?? '',
          /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
          v.name,
        );
      } else if (v.type === 'login_password') {
        assert.deepEqual(secret, JSON.parse(v.plaintext), v.name);
      } else {
        assert.deepEqual(secret, { string: v.plaintext }, v.name);
      }
    }
  });

  test('what our code encrypts, the Python implementation decrypts', () => {
    const items = vectors.map((v) => ({ key: v.key, stored: encryptSecret(v.plaintext, keyOf(v)) }));
    for (const [i, item] of items.entries()) {
      if (vectors[i].key) assert.notEqual(item.stored, vectors[i].stored, 'a fresh random nonce each time');
    }
    const results = pythonDecrypt(items);
    assert.deepEqual(
      results,
      vectors.map((v) => ({ plaintext: v.plaintext })),
    );
  });

  test('the Python implementation refuses our ciphertext under a different key, as GCM should', () => {
    const v = vectors.find((x) => x.key && Buffer.from(x.key, 'base64').length === 32)!;
    const stored = encryptSecret(v.plaintext, keyOf(v));
    assert.deepEqual(pythonDecrypt([{ key: Buffer.alloc(32, 7).toString('base64'), stored }]), [
      { error: 'InvalidTag' },
    ]);
  });

  test('a wrong key gives the "perhaps encryption key was changed" error', () => {
    for (const v of vectors.filter((x) => x.key)) {
      const wrong = Buffer.from(keyOf(v)!);
      wrong[0] ^= 1;
      assert.throws(
        () => decryptSecret(v.stored, wrong),
        (err: Error) => {
          assert.ok(err instanceof KeyDecryptionError);
          assert.equal(err.message, 'cannot decrypt access key, perhaps encryption key was changed');
          return true;
        },
        v.name,
      );
    }
    assert.throws(
      () => decryptSecret(Buffer.from('short').toString('base64'), parseEncryptionKey(vectors[0].key!)),
      KeyDecryptionError,
    );
  });

  test('with no key, the stored value is plain base64 of the plaintext', () => {
    for (const v of vectors) {
      assert.equal(encryptSecret(v.plaintext, null), Buffer.from(v.plaintext, 'utf8').toString('base64'), v.name);
      if (!v.key) assert.equal(encryptSecret(v.plaintext, null), v.stored, v.name);
    }
  });

  test('keys that do not decode to 16, 24 or 32 bytes are refused', () => {
    for (const size of [0, 8, 15, 31, 33, 64]) {
      assert.throws(() => parseEncryptionKey(Buffer.alloc(size, 1).toString('base64')), /16, 24 or 32 bytes/);
    }
  });
});

describe('loadOrCreateEncryptionKey', () => {
  test('creates a 32-byte key file readable by the owner only, and returns the same key next time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signalman-key-'));
    try {
      const file = join(dir, 'nested', 'access_key_encryption');
      const first = loadOrCreateEncryptionKey(undefined, file);
      assert.equal(first.length, 32);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), first);
      assert.deepEqual(loadOrCreateEncryptionKey(undefined, file), first);
      const configured = Buffer.alloc(24, 9);
      assert.deepEqual(
        loadOrCreateEncryptionKey(configured.toString('base64'), file),
        configured,
        'a configured key wins',
      );
      assert.deepEqual(loadOrCreateEncryptionKey(undefined, file), first, 'and leaves the file alone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a key file that is not a valid key is an error, not silently replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signalman-key-'));
    try {
      const file = join(dir, 'key');
      writeFileSync(file, 'bm90IGEga2V5\n', { mode: 0o600 });
      assert.throws(() => loadOrCreateEncryptionKey(undefined, file), /16, 24 or 32 bytes/);
      assert.equal(readFileSync(file, 'utf8'), 'bm90IGEga2V5\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
