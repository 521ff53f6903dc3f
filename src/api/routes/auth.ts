import { Router, type CookieOptions, type Request } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../context.ts';
import { readCookie } from '../auth.ts';
import { parse } from '../validation.ts';
import { createSession, expireSession, login, SESSION_COOKIE } from '../../services/auth.ts';
import { LoginThrottle } from '../../services/login-throttle.ts';
import { verificationFor } from '../../services/totp.ts';
import { authMethods, totpPolicyOf } from './totp.ts';
import { ForbiddenError } from '../../services/errors.ts';
import { oidcSettingsOf, providerButtons } from '../oidc-settings.ts';

export const loginBody = z.object({
  auth: z.string({ error: 'is required' }).min(1, 'must not be empty').max(255),
  password: z.string({ error: 'is required' }).min(1, 'must not be empty').max(1000),
});

/**
 * The session cookie `semaphore`, as upstream's: readable by scripts, because Semaphore's web UI
 * decides whether it is signed in by looking for it in `document.cookie`
 * (SIGNALMAN_COOKIE_HTTPONLY=true makes it HttpOnly, at the cost of that UI). Safe otherwise: not
 * sent with other sites' subrequests or forms (SameSite=Lax), Secure when the request came over TLS
 * (to this server, or to a proxy that SIGNALMAN_TRUST_PROXY trusts to say so) or when the public
 * address is https; other sites' requests that carry it are refused (same-origin.ts), and every
 * page we serve has a strict Content-Security-Policy (response-headers.ts).
 */
export function cookieOptions(req: Request, webHost: string, httpOnly: boolean): CookieOptions {
  const secure = req.secure || /^https:\/\//i.test(webHost ?? '');
  return { httpOnly, sameSite: 'lax', path: '/', secure };
}

/** Public: POST/GET /api/auth/login, POST /api/auth/logout. */
export function authRoutes({ db, config, now }: ApiDeps): Router {
  const r = Router();
  const throttle = new LoginThrottle(
    db,
    () => ({
      perUser: config.loginMaxFailuresPerUser,
      perAddress: config.loginMaxFailuresPerAddress,
      windowMs: config.loginFailureWindowSeconds * 1000,
    }),
    now,
  );
  const totp = () => totpPolicyOf(config); // read when called: building the app reads no setting
  r.get('/auth/login', (_req, res) => {
    const settings = oidcSettingsOf(config);
    res.json({
      oidc_providers: providerButtons(settings),
      login_with_password: !settings.password_login_disable,
      auth_methods: authMethods(totp()),
    });
  });
  r.post('/auth/login', async (req, res) => {
    const body = parse(loginBody, req.body);
    // No exception for administrators: an open password door is what disabling it closes (README).
    if (oidcSettingsOf(config).password_login_disable) {
      throw new ForbiddenError(
        'password login is disabled on this server (password_login_disable); sign in through your identity provider',
      );
    }
    // req.ip is X-Forwarded-For only behind a proxy that SIGNALMAN_TRUST_PROXY names.
    const ip = req.ip ?? req.socket.remoteAddress ?? '';
    const user = await login(db, body.auth, body.password, { throttle, address: ip }, config.settings);
    const verification = await verificationFor(db, user.id, totp()); // TOTP: the session awaits /api/auth/verify
    const cookie = await createSession(db, user.id, ip, String(req.headers['user-agent'] ?? ''), verification);
    res.cookie(SESSION_COOKIE, cookie, cookieOptions(req, config.webHost, config.cookieHttpOnly));
    res.status(204).end();
  });
  r.post('/auth/logout', async (req, res) => {
    const cookie = readCookie(req, SESSION_COOKIE);
    if (cookie) await expireSession(db, cookie);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req, config.webHost, config.cookieHttpOnly));
    res.status(204).end();
  });
  return r;
}
