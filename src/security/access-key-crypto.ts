// Access-key secrets at rest, in Semaphore's format (semaphore-behaviour.md §4.1):
// base64( nonce(12) ‖ AES-GCM ciphertext ‖ tag(16) ), key = base64-decoded access_key_encryption.
// Without a key the stored value is base64(plaintext), as upstream.
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class KeyDecryptionError extends Error {
  constructor() {
    super('cannot decrypt access key, perhaps encryption key was changed');
  }
}

export function parseEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (![16, 24, 32].includes(key.length)) {
    throw new Error(`access key encryption key must decode to 16, 24 or 32 bytes, got ${key.length}`);
  }
  return key;
}

const gcm = (key: Buffer): CipherGCMTypes => `aes-${key.length * 8}-gcm` as CipherGCMTypes;

export function encryptSecret(plain: string, key: Buffer | null): string {
  if (!key) return Buffer.from(plain, 'utf8').toString('base64');
  const nonce = randomBytes(12);
  const cipher = createCipheriv(gcm(key), key, nonce);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

export function decryptSecret(stored: string, key: Buffer | null): string {
  const raw = Buffer.from(stored, 'base64');
  if (!key) return raw.toString('utf8');
  if (raw.length < 12 + 16) throw new KeyDecryptionError();
  const nonce = raw.subarray(0, 12);
  const tag = raw.subarray(raw.length - 16);
  const body = raw.subarray(12, raw.length - 16);
  try {
    const decipher = createDecipheriv(gcm(key), key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new KeyDecryptionError();
  }
}

/**
 * The key from configuration, or the one kept in `file` (created on first start, owner-only).
 */
export function loadOrCreateEncryptionKey(configured: string | undefined, file: string): Buffer {
  if (configured) return parseEncryptionKey(configured);
  if (existsSync(file)) return parseEncryptionKey(readFileSync(file, 'utf8'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return parseEncryptionKey(readFileSync(file, 'utf8'));
}

/** The key from configuration, or the one kept in `file`; null when there is neither. */
export function readEncryptionKey(configured: string | undefined, file: string): Buffer | null {
  if (configured) return parseEncryptionKey(configured);
  try {
    return parseEncryptionKey(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** An access key's fields as stored (§4.1), decrypted. */
export interface KeySecret {
  login?: string;
  password?: string;
  passphrase?: string;
  private_key?: string;
  string?: string;
}

/** An access key's secret fields, decrypted; a legacy raw PEM (ssh, ending in a newline) is taken as it is. */
export function readSecret(key: { type: string; secret: string | null }, encryptionKey: Buffer | null): KeySecret {
  if (!key.secret) return {};
  if (key.type === 'ssh' && key.secret.endsWith('\n')) return { private_key: key.secret }; // legacy raw PEM
  const plain = decryptSecret(key.secret, encryptionKey);
  if (key.type === 'string') return { string: plain };
  return JSON.parse(plain) as KeySecret;
}
