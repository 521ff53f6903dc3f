// Requests from other sites (cross-site request forgery): a browser sends the session cookie with
// a form or fetch that another site starts, but it also says where the request came from, in
// `Origin` (or, failing that, `Referer`). A cookie-authenticated request that changes something,
// and every /api/ws upgrade that relies on the cookie, must come from the server's own origin or
// from the configured web host. Requests with neither header (curl, Semaphore's CLI clients) and
// bearer-token requests are not affected: no browser attaches a bearer token on its own.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestHandler } from 'express';
import { ForbiddenError } from '../services/errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser says the request came from; undefined when it says nothing. */
export function claimedOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin.trim().toLowerCase(); // may be "null" (a sandboxed page, a redirect): foreign
  const referer = req.headers.referer;
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin.toLowerCase();
  } catch {
    return 'null';
  }
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether `origin` is this server: the request's own Host with the request's scheme (or https,
 * which a TLS proxy in front presents), or the origin of `webHost` (SIGNALMAN_WEB_HOST).
 */
export function isOwnOrigin(origin: string, req: IncomingMessage, secure: boolean, webHost: string): boolean {
  if (webHost && originOf(webHost) === origin) return true;
  const host = req.headers.host?.trim().toLowerCase();
  if (!host) return false;
  const claimed = originOf(origin);
  if (!claimed) return false;
  const own = (scheme: string) => originOf(`${scheme}://${host}`);
  return claimed === own('https') || (!secure && claimed === own('http'));
}

/** Why a browser's request from another site is refused; null when it may proceed. */
export function foreignOriginProblem(req: IncomingMessage, secure: boolean, webHost: string): string | null {
  if (req.headers.authorization !== undefined) return null; // a bearer token: not the cookie
  const origin = claimedOrigin(req);
  if (origin === undefined || isOwnOrigin(origin, req, secure, webHost)) return null;
  return `requests from ${origin === 'null' ? 'an opaque origin' : origin.slice(0, 200)} may not use this server's session cookie; set SIGNALMAN_WEB_HOST if this is the server's public address`;
}

/** Express: refuses cookie-authenticated POST/PUT/PATCH/DELETE (login included) from other sites. */
export function sameOriginOnly(webHost: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const problem = foreignOriginProblem(req, req.secure, webHost);
    if (problem) throw new ForbiddenError(problem);
    next();
  };
}

/** For the /api/ws upgrade, which never reaches Express: TLS straight to this server. */
export function upgradeIsSecure(req: IncomingMessage): boolean {
  return Boolean((req.socket as TLSSocket).encrypted);
}

/** Express's `trust proxy` from SIGNALMAN_TRUST_PROXY: `true`, a hop count, or addresses/subnets. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
