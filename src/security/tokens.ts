// Random secrets: API tokens (Semaphore's format: lower-cased URL-safe base64 of 32 bytes),
// session cookie tokens and generated passwords.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newApiToken(): string {
  return randomBytes(32).toString('base64url').toLowerCase().padEnd(44, '=');
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A runner's token (Semaphore's format: standard base64 of 32 random bytes); stored only as its SHA-256. */
export function newRunnerToken(): string {
  return randomBytes(32).toString('base64');
}
