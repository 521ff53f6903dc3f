// Two-factor sign-in with TOTP (semaphore-behaviour.md §2.2 item 6, §4.6). A user enrols an
// authenticator app; while TOTP is enabled, their logins then create a session that awaits its
// second factor and opens nothing but POST /api/auth/verify {passcode} and /api/auth/recovery
// {recovery_code}. The shared secret is shown once, in the enrolment answer (and as the QR code to
// the user themself); it is stored sealed with the access-key encryption. The recovery code is
// shown once and stored as a digest; using it removes the authenticator, as upstream does.
// Wrong codes count against the login throttle (counter `totp:<user id>`, which a correct password
// does not clear, and the address counter); a code accepted once is refused for the rest of its window.
import type { Db } from '../store/db.ts';
import type { TotpPolicy } from '../config/settings/totp.ts';
import {
  claimTimeStep,
  consumeRecoveryHash,
  deleteTotp,
  findTotpOf,
  insertTotp,
  type StoredTotp,
} from '../store/user-totp.ts';
import { findSession, verifySessionRow } from '../store/sessions.ts';
import { findUser } from '../store/users.ts';
import { isUniqueViolation } from '../store/errors.ts';
import { decryptSecret, encryptSecret } from '../security/access-key-crypto.ts';
import {
  acceptedTimeStep,
  newRecoveryCode,
  newTotpSecret,
  qrPng,
  recoveryCodeHash,
  secretOfTotpUrl,
  totpUrl,
} from '../security/one-time-codes.ts';
import { sameSecret, sha256 } from '../security/tokens.ts';
import { AppError, BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from './errors.ts';
import type { LoginKeys, LoginThrottle } from './login-throttle.ts';
import type { Caller } from './permissions.ts';

/** `session.verification_method` values (upstream's). */
export const VERIFICATION_NONE = 0;
export const VERIFICATION_TOTP = 1;

const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;

/** Upstream's error words: `{"error": "TOTP_DISABLED"}` and the like. */
export const totpDisabled = () => new AppError(403, 'TOTP_DISABLED');
export const totpRequired = () => new UnauthorizedError('TOTP_REQUIRED');

/** What an enrolment answers, this once: the otpauth URL (with the secret) and the recovery code. */
export interface TotpEnrolment {
  id: number;
  user_id: number;
  created: Date;
  url: string;
  recovery_code?: string;
}

/** What is shown of an enrolled authenticator afterwards: never the URL. */
export interface TotpSummary {
  id: number;
  user_id: number;
  created: Date;
}

export const totpSummary = (t: StoredTotp): TotpSummary => ({ id: t.id, user_id: t.user_id, created: t.created });

export async function totpOf(db: Db, userId: number): Promise<TotpSummary | null> {
  const row = await findTotpOf(db, userId);
  return row ? totpSummary(row) : null;
}

/** Enrols an authenticator for the caller's own account (the access gate let only self or an administrator through). */
export async function enrolTotp(
  db: Db,
  caller: Caller,
  userId: number,
  policy: TotpPolicy,
  key: Buffer | null,
): Promise<TotpEnrolment> {
  if (!policy.enabled) throw totpDisabled();
  if (caller.id !== userId) throw new ForbiddenError('only the user themself may enrol an authenticator');
  const user = await findUser(db, userId);
  if (!user) throw new NotFoundError(`user ${userId} not found`);
  const url = totpUrl(policy.issuer, user.email, newTotpSecret());
  const recovery = policy.allowRecovery ? newRecoveryCode() : undefined;
  let row: StoredTotp;
  try {
    row = await insertTotp(db, {
      user_id: userId,
      url: encryptSecret(url, key),
      recovery_hash: recovery ? recoveryCodeHash(recovery) : '',
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new BadRequestError('TOTP already enabled');
    throw err;
  }
  return { ...totpSummary(row), url, ...(recovery ? { recovery_code: recovery } : {}) };
}

/** The QR code of the caller's own authenticator, as a PNG. */
export async function totpQrCode(
  db: Db,
  caller: Caller,
  userId: number,
  totpId: number,
  key: Buffer | null,
): Promise<Buffer> {
  if (caller.id !== userId) throw new ForbiddenError("only the user themself may read their authenticator's QR code");
  const row = await findTotpOf(db, userId);
  if (!row || row.id !== totpId) throw new NotFoundError(`TOTP ${totpId} of user ${userId} not found`);
  return qrPng(decryptSecret(row.url, key));
}

/** Removes an authenticator (its user, or an administrator for a user who lost theirs). */
export async function removeTotp(db: Db, userId: number, totpId: number): Promise<void> {
  if (!(await deleteTotp(db, userId, totpId))) throw new NotFoundError(`TOTP ${totpId} of user ${userId} not found`);
}

/** How a new session of `userId` must be verified: TOTP when it is enabled and the user has enrolled. */
export async function verificationFor(db: Db, userId: number, policy: TotpPolicy): Promise<number> {
  if (!policy.enabled) return VERIFICATION_NONE;
  return (await findTotpOf(db, userId)) ? VERIFICATION_TOTP : VERIFICATION_NONE;
}

export interface PendingSession {
  id: number;
  userId: number;
  method: number;
}

/** The live session of a cookie (`<id>.<token>`) when it awaits its second factor; else null. */
export async function pendingSession(
  db: Db,
  cookie: string | undefined,
  now = Date.now(),
): Promise<PendingSession | null> {
  const [idText, token] = (cookie ?? '').split('.', 2);
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || !token) return null;
  const session = await findSession(db, id);
  if (!session || session.expired || session.verified || !sameSecret(session.token_hash, sha256(token))) return null;
  if (now - session.last_active.getTime() > SESSION_IDLE_MS) return null;
  return { id: session.id, userId: session.user_id, method: session.verification_method };
}

/** What a second-factor attempt needs: the throttle and the client's address. */
export interface SecondFactorGuard {
  throttle: LoginThrottle;
  address: string;
  now: number;
}

const keysOf = (userId: number, guard: SecondFactorGuard): LoginKeys => ({
  user: `totp:${userId}`,
  address: `address:${guard.address}`,
});

/** The session's TOTP, or the refusal for a session that cannot be verified by TOTP. */
async function totpToVerify(db: Db, session: PendingSession, policy: TotpPolicy): Promise<StoredTotp> {
  if (session.method !== VERIFICATION_TOTP) throw new BadRequestError('this session is not verified by TOTP');
  if (!policy.enabled) throw totpDisabled();
  const totp = await findTotpOf(db, session.userId);
  if (!totp) throw new BadRequestError('TOTP not enabled'); // removed since the login: log in again
  return totp;
}

/** POST /api/auth/verify: a valid code of the user's authenticator, not used before, verifies the session. */
export async function verifyPasscode(
  db: Db,
  session: PendingSession,
  passcode: string,
  policy: TotpPolicy,
  key: Buffer | null,
  guard: SecondFactorGuard,
): Promise<void> {
  const totp = await totpToVerify(db, session, policy);
  const keys = keysOf(session.userId, guard);
  await guard.throttle.refuseIfLimited(keys);
  const secret = secretOfTotpUrl(decryptSecret(totp.url, key));
  const step = await acceptedTimeStep(secret, passcode.trim(), guard.now, totp.last_time_step);
  if (step === null || !(await claimTimeStep(db, totp.id, step))) {
    await guard.throttle.failed(keys);
    throw new UnauthorizedError('INVALID_PASSCODE');
  }
  await guard.throttle.succeeded(keys);
  await verifySessionRow(db, session.id);
}

/** POST /api/auth/recovery: the recovery code verifies the session once, and removes the authenticator. */
export async function recoverWithCode(
  db: Db,
  session: PendingSession,
  recoveryCode: string,
  policy: TotpPolicy,
  guard: SecondFactorGuard,
): Promise<void> {
  if (session.method === VERIFICATION_TOTP && (!policy.enabled || !policy.allowRecovery)) throw totpDisabled();
  const totp = await totpToVerify(db, session, policy);
  const keys = keysOf(session.userId, guard);
  await guard.throttle.refuseIfLimited(keys);
  const hash = recoveryCodeHash(recoveryCode);
  const matches = totp.recovery_hash !== '' && sameSecret(totp.recovery_hash, hash);
  if (!matches || !(await consumeRecoveryHash(db, totp.id, hash))) {
    await guard.throttle.failed(keys);
    throw new UnauthorizedError('INVALID_RECOVERY_CODE');
  }
  await guard.throttle.succeeded(keys);
  await verifySessionRow(db, session.id);
}
