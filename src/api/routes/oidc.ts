import { Router, type CookieOptions, type Request, type Response } from 'express';
import type { Config } from '../../config/index.ts';
import { OIDC_PROVIDER_ID, type OidcProvider } from '../../config/settings/oidc.ts';
import { landingUrl } from '../../domain/oidc-claims.ts';
import { AppError, NotFoundError } from '../../services/errors.ts';
import { createSession, SESSION_COOKIE } from '../../services/auth.ts';
import { signInThroughProvider } from '../../services/oidc-sign-in.ts';
import { beginSignIn } from '../../services/oidc-flow.ts';
import { LOGIN_STATE_TTL_MS, loginStateKey, openLoginState, sealLoginState } from '../../security/oidc-login-state.ts';
import type { ApiDeps } from '../context.ts';
import { readCookie } from '../auth.ts';
import { cookieOptions } from './auth.ts';
import { totpPolicyOf } from './totp.ts';
import { verificationFor } from '../../services/totp.ts';
import { oidcSettingsOf } from '../oidc-settings.ts';

/** The cookie that carries a sign-in's state, nonce and PKCE verifier to the callback (sealed). */
export const LOGIN_STATE_COOKIE = 'oauthstate';

/** The public address of this server, from web_host (SEMAPHORE_WEB_ROOT), else as the browser reached it. */
function publicBase(req: Request, webHost: string): string {
  return (webHost || `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
}

/** The callback registered at the provider: its redirect_url, or `<web_host>/api/auth/oidc/<id>/redirect`. */
function redirectUriOf(req: Request, webHost: string, id: string, provider: OidcProvider): string {
  return provider.redirect_url ?? `${publicBase(req, webHost)}/api/auth/oidc/${id}/redirect`;
}

function stateCookieOptions(req: Request, config: Config): CookieOptions {
  const prefix = config.webHost ? new URL(config.webHost).pathname.replace(/\/+$/, '') : '';
  return {
    ...cookieOptions(req, config.webHost, true),
    path: `${prefix}/api/auth/oidc/`,
    maxAge: LOGIN_STATE_TTL_MS,
  };
}

/** Public: the two halves of an OpenID Connect sign-in (semaphore-behaviour.md §2.2 item 5). */
export function oidcRoutes({ db, config, encryptionKey }: ApiDeps): Router {
  const r = Router();
  const key = loginStateKey(encryptionKey);

  const providerOf = (req: Request): { id: string; provider: OidcProvider } => {
    const id = String(req.params.provider_id);
    const provider = OIDC_PROVIDER_ID.test(id) ? oidcSettingsOf(config).oidc_providers[id] : undefined;
    if (!provider) throw new NotFoundError(`no OpenID Connect provider "${id.slice(0, 64)}" on this server`);
    return { id, provider };
  };

  /** A failed sign-in lands on the login page, which is told why (upstream does the same, without the why). */
  const failed = (res: Response, id: string, err: unknown) => {
    if (!(err instanceof AppError)) console.error(`[oidc] sign-in through ${id} failed:`, err);
    const why = err instanceof AppError ? err.message : 'the sign-in failed; the server log says why';
    if (err instanceof AppError) console.warn(`[oidc] sign-in through ${id} refused: ${why}`);
    res.redirect(302, `${landingUrl(config.webHost, 'auth/login')}?error=${encodeURIComponent(why)}`);
  };

  r.get('/auth/oidc/:provider_id/login', async (req, res) => {
    const { id, provider } = providerOf(req);
    try {
      const redirect = typeof req.query.redirect === 'string' ? req.query.redirect : '';
      const start = await beginSignIn(id, provider, redirectUriOf(req, config.webHost, id, provider));
      const sealed = sealLoginState(
        { provider: id, state: start.state, nonce: start.nonce, verifier: start.verifier, redirectPath: redirect },
        key,
      );
      res.cookie(LOGIN_STATE_COOKIE, sealed, stateCookieOptions(req, config));
      res.redirect(302, start.url);
    } catch (err) {
      failed(res, id, err);
    }
  });

  const callback = async (req: Request, res: Response, pathAfter?: string) => {
    const { id, provider } = providerOf(req);
    const sealed = readCookie(req, LOGIN_STATE_COOKIE);
    res.clearCookie(LOGIN_STATE_COOKIE, stateCookieOptions(req, config));
    try {
      const started = sealed ? openLoginState(sealed, id, key) : null;
      if (!started) throw new AppError(400, 'this sign-in was not started here or took too long; sign in again');
      const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
      const user = await signInThroughProvider(db, id, provider, {
        redirectUri: redirectUriOf(req, config.webHost, id, provider),
        query,
        checks: started,
      });
      const ip = req.ip ?? req.socket.remoteAddress ?? '';
      // A user who enrolled TOTP gives their code after the provider too (POST /api/auth/verify).
      const verification = await verificationFor(db, user.id, totpPolicyOf(config));
      const session = await createSession(db, user.id, ip, String(req.headers['user-agent'] ?? ''), verification);
      res.cookie(SESSION_COOKIE, session, cookieOptions(req, config.webHost, config.cookieHttpOnly));
      res.redirect(302, landingUrl(config.webHost, pathAfter ?? started.redirectPath));
    } catch (err) {
      failed(res, id, err);
    }
  };
  r.get('/auth/oidc/:provider_id/redirect', (req, res) => callback(req, res));
  r.get('/auth/oidc/:provider_id/redirect/*redirect_path', (req, res) => {
    const rest = req.params.redirect_path as unknown as string[];
    return callback(req, res, rest.join('/'));
  });
  return r;
}
