// Two-factor sign-in with TOTP (services/totp.ts): the second step of a login, and users'
// authenticators.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../context.ts';
import type { Config } from '../../config/index.ts';
import { type TotpPolicy, totpPolicy } from '../../config/settings/totp.ts';
import { caller, readCookie } from '../auth.ts';
import { parse, pathId } from '../validation.ts';
import { SESSION_COOKIE } from '../../services/auth.ts';
import { UnauthorizedError } from '../../services/errors.ts';
import { LoginThrottle } from '../../services/login-throttle.ts';
import {
  enrolTotp,
  pendingSession,
  recoverWithCode,
  removeTotp,
  totpQrCode,
  verifyPasscode,
} from '../../services/totp.ts';

export const passcodeBody = z.object({
  passcode: z.string({ error: 'is required' }).min(1, 'must not be empty').max(20),
});
export const recoveryBody = z.object({
  recovery_code: z.string({ error: 'is required' }).min(1, 'must not be empty').max(100),
});

/** The TOTP settings (`auth.totp` / `mfa.totp`, src/config/settings/totp.ts) as the server applies them. */
export function totpPolicyOf(config: Config): TotpPolicy {
  return totpPolicy(config.settings);
}

/** `auth_methods` of /api/info and GET /api/auth/login, as upstream: `totp` only while TOTP is enabled. */
export function authMethods(policy: TotpPolicy): { totp?: { allow_recovery: boolean } } {
  return policy.enabled ? { totp: { allow_recovery: policy.allowRecovery } } : {};
}

/** Public: POST /api/auth/verify and /api/auth/recovery, for a session that awaits its second factor. */
export function totpSignInRoutes({ db, config, encryptionKey, now = Date.now }: ApiDeps): Router {
  const r = Router();
  const policy = () => totpPolicyOf(config); // read when called: building the app reads no setting
  const throttle = new LoginThrottle(
    db,
    () => ({
      perUser: config.loginMaxFailuresPerUser,
      perAddress: config.loginMaxFailuresPerAddress,
      windowMs: config.loginFailureWindowSeconds * 1000,
    }),
    now,
  );
  const awaiting = async (cookie: string | undefined) => {
    const session = await pendingSession(db, cookie, now());
    if (!session) throw new UnauthorizedError('no sign-in of this session awaits a second factor');
    return session;
  };
  r.post('/auth/verify', async (req, res) => {
    const session = await awaiting(readCookie(req, SESSION_COOKIE));
    const { passcode } = parse(passcodeBody, req.body);
    const guard = { throttle, address: req.ip ?? req.socket.remoteAddress ?? '', now: now() };
    await verifyPasscode(db, session, passcode, policy(), encryptionKey, guard);
    res.status(204).end();
  });
  r.post('/auth/recovery', async (req, res) => {
    const session = await awaiting(readCookie(req, SESSION_COOKIE));
    const { recovery_code } = parse(recoveryBody, req.body);
    const guard = { throttle, address: req.ip ?? req.socket.remoteAddress ?? '', now: now() };
    await recoverWithCode(db, session, recovery_code, policy(), guard);
    res.status(204).end();
  });
  return r;
}

/** /api/users/{user_id}/2fas/totp…: enrol (the user themself), the QR code (the user themself), remove. */
export function totpUserRoutes({ db, config, encryptionKey }: ApiDeps): Router {
  const r = Router();
  const policy = () => totpPolicyOf(config); // read when called: building the app reads no setting
  r.post('/users/:user_id/2fas/totp', async (req, res) => {
    const enrolment = await enrolTotp(db, caller(res), pathId(req.params, 'user_id'), policy(), encryptionKey);
    res.set('Cache-Control', 'no-store').json(enrolment); // the secret and recovery code, this once
  });
  r.get('/users/:user_id/2fas/totp/:totp_id/qr', async (req, res) => {
    const png = await totpQrCode(
      db,
      caller(res),
      pathId(req.params, 'user_id'),
      pathId(req.params, 'totp_id'),
      encryptionKey,
    );
    res.set('Cache-Control', 'no-store').type('image/png').send(png);
  });
  r.delete('/users/:user_id/2fas/totp/:totp_id', async (req, res) => {
    await removeTotp(db, pathId(req.params, 'user_id'), pathId(req.params, 'totp_id'));
    res.status(204).end();
  });
  return r;
}
