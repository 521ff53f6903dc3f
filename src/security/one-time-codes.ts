// TOTP (RFC 6238 through otplib: SHA-1, 6 digits, 30 s, as authenticator apps expect) and the
// one-use recovery codes of two-factor sign-in.
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { sha256 } from './tokens.ts';

const PERIOD_S = 30;
/** Codes of the step before and after the current one are accepted too (clock drift, typing). */
const TOLERANCE_S = PERIOD_S;

/** A new shared secret: 20 random bytes in base32, as authenticator apps take it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URL an authenticator app reads from the QR code. */
export function totpUrl(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret });
}

export function secretOfTotpUrl(url: string): string {
  const secret = new URL(url).searchParams.get('secret');
  if (!secret) throw new Error('stored TOTP URL has no secret');
  return secret;
}

/** The time step of `code` when it is valid at `nowMs` and newer than `afterStep`; else null. */
export async function acceptedTimeStep(
  secret: string,
  code: string,
  nowMs: number,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_S,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null; // TOTP results carry their step
}

/** The PNG of a QR code holding `text`. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
}

const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A recovery code: 20 characters of a 32-letter alphabet (100 bits), in groups of 4. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
  return chars.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/** The stored digest of a recovery code, however it was typed (case, spaces and dashes do not matter). */
export function recoveryCodeHash(code: string): string {
  return sha256(`totp-recovery:${code.toUpperCase().replace(/[\s-]/g, '')}`);
}
