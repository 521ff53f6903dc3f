// User passwords: bcrypt with cost 11, as Semaphore stores them ($2a$/$2b$ hashes verify both ways).
import bcrypt from 'bcryptjs';

const COST = 11;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  if (!hash) return Promise.resolve(false);
  return bcrypt.compare(plain, hash);
}

/** Why a new password is refused (without the field name); null when it is long enough. */
export function passwordTooShort(plain: string, minLength: number): string | null {
  return [...plain].length < minLength ? `must be at least ${minLength} characters long` : null;
}
