// A task's secret survey values (its `secret`) travel sealed: AES-GCM under the access-key
// encryption key, with the task id as associated data, so that the sealed text (carried in the
// task workflow's input, and so in Temporal's history) reads as noise to anyone without the key
// and cannot be replayed into another task. Nothing else holds them: the task row stores none.
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';

const PREFIX = 'sealed-v1:';
const NONCE = 12;
const TAG = 16;

export class TaskSecretError extends Error {
  override name = 'TaskSecretError';
}

const gcm = (key: Buffer): CipherGCMTypes => `aes-${key.length * 8}-gcm` as CipherGCMTypes;
const boundTo = (taskId: number) => Buffer.from(`signalman task secret v1; task ${taskId}`, 'utf8');

/** The values sealed for task `taskId`. */
export function sealTaskSecret(values: Record<string, unknown>, taskId: number, key: Buffer | null): string {
  if (!key) throw new TaskSecretError('secret values cannot be sealed: this process has no encryption key');
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv(gcm(key), key, nonce);
  cipher.setAAD(boundTo(taskId));
  const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** The values of a text sealed for task `taskId` with `key`; anything else is a TaskSecretError. */
export function openTaskSecret(sealed: string, taskId: number, key: Buffer | null): Record<string, unknown> {
  if (!key)
    throw new TaskSecretError(
      "the task's secret values cannot be opened: this process has no encryption key (set SIGNALMAN_ACCESS_KEY_ENCRYPTION as on the server)",
    );
  const raw = sealed.startsWith(PREFIX) ? Buffer.from(sealed.slice(PREFIX.length), 'base64') : Buffer.alloc(0);
  if (raw.length < NONCE + TAG) throw new TaskSecretError("the task's secret values are not a sealed text");
  let plain: string;
  try {
    const decipher = createDecipheriv(gcm(key), key, raw.subarray(0, NONCE));
    decipher.setAAD(boundTo(taskId));
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    plain = Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]).toString('utf8');
  } catch {
    throw new TaskSecretError(
      "the task's secret values cannot be opened: they were sealed for another task or with another encryption key",
    );
  }
  const values: unknown = JSON.parse(plain);
  if (!values || typeof values !== 'object' || Array.isArray(values))
    throw new TaskSecretError("the task's secret values are not an object");
  return values as Record<string, unknown>;
}

/** The texts to mask in the task's output: every string and number inside the values. */
export function maskedTexts(values: Record<string, unknown>): string[] {
  const texts: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v) texts.push(v);
    } else if (typeof v === 'number') texts.push(String(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    if (v && typeof v === 'object') texts.push(JSON.stringify(v));
  };
  Object.values(values).forEach(visit);
  return texts;
}
