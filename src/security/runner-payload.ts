// RSA payloads of Semaphore's runner protocol (semaphore-behaviour.md §7): a runner registers the
// PEM of its public key, and the server answers its polls with the JSON encrypted in RSA PKCS#1
// v1.5 chunks of (key size − 11) bytes, concatenated. Semaphore's runner writes its key as a
// "PUBLIC KEY" block holding PKCS#1 bytes; SPKI and "RSA PUBLIC KEY" blocks are taken as well.
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';

const PADDING = constants.RSA_PKCS1_PADDING;

export class RunnerKeyError extends Error {}

/** The runner's public key; a RunnerKeyError when the text is no RSA public key in PEM. */
export function parseRunnerPublicKey(pem: string): KeyObject {
  const m = /-----BEGIN (RSA )?PUBLIC KEY-----([\s\S]*?)-----END (RSA )?PUBLIC KEY-----/.exec(pem);
  if (!m) throw new RunnerKeyError('public_key: expected a PEM "PUBLIC KEY" block');
  const der = Buffer.from(m[2].replace(/\s+/g, ''), 'base64');
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType !== 'rsa') break;
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (bits < 1024 || bits > 8192) throw new RunnerKeyError('public_key: the RSA key must have 1024 to 8192 bits');
      return key;
    } catch (err) {
      if (err instanceof RunnerKeyError) throw err;
    }
  }
  throw new RunnerKeyError('public_key: not an RSA public key');
}

const keyBytes = (key: KeyObject) => Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);

/** `plain` encrypted chunk by chunk, as Semaphore's server does. */
export function encryptForRunner(key: KeyObject, plain: Buffer): Buffer {
  const size = keyBytes(key) - 11;
  const parts: Buffer[] = [];
  for (let at = 0; at < plain.length; at += size) {
    parts.push(publicEncrypt({ key, padding: PADDING }, plain.subarray(at, at + size)));
  }
  return Buffer.concat(parts);
}

/**
 * The runner's side: the answer decrypted with its private key, block by block. Node refuses
 * PKCS#1 v1.5 decryption (CVE-2023-46809), so each block is decrypted raw and its padding
 * (00 02, at least eight non-zero bytes, 00) taken off here; a bad block fails the whole answer.
 */
export function decryptFromServer(privateKeyPem: string, payload: Buffer): Buffer {
  const key = createPrivateKey(privateKeyPem);
  const block = keyBytes(key);
  if (payload.length % block !== 0) throw new RunnerKeyError('the encrypted answer is not whole RSA blocks');
  const parts: Buffer[] = [];
  for (let at = 0; at < payload.length; at += block) {
    const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, payload.subarray(at, at + block));
    const end = em.indexOf(0, 2);
    if (em[0] !== 0 || em[1] !== 2 || end < 10) throw new RunnerKeyError('the encrypted answer does not decrypt');
    parts.push(em.subarray(end + 1));
  }
  return Buffer.concat(parts);
}

/** A new key pair for a runner: the private key (PKCS#1 PEM) and the public key as Semaphore's runner sends it. */
export function newRunnerKeyPair(bits = 2048): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: runnerPublicKeyPem(publicKey),
  };
}

/** A "PUBLIC KEY" block holding the key's PKCS#1 bytes (Semaphore's runner's format). */
export function runnerPublicKeyPem(publicKey: KeyObject): string {
  const b64 = publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
}
