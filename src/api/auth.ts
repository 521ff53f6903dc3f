// Who is calling: a bearer API token or the `semaphore` session cookie.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { Db } from '../store/db.ts';
import { callerFromSession, callerFromToken, SESSION_COOKIE } from '../services/auth.ts';
import { ForbiddenError, UnauthorizedError } from '../services/errors.ts';
import { pendingSession, totpRequired } from '../services/totp.ts';
import type { Caller } from '../services/permissions.ts';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Also used for the /api/ws upgrade request, hence a plain IncomingMessage. */
export async function identify(db: Db, req: IncomingMessage): Promise<Caller | null> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^bearer\s+(.+)$/i.exec(header.trim());
    return match ? callerFromToken(db, match[1]) : null;
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  return cookie ? callerFromSession(db, cookie) : null;
}

/**
 * The refusal of a request without valid credentials: upstream's `TOTP_REQUIRED` when its cookie
 * names a session that awaits its second factor (the client should ask for a code).
 */
export async function refusalFor(db: Db, req: IncomingMessage): Promise<UnauthorizedError> {
  if (req.headers.authorization) return new UnauthorizedError();
  return (await pendingSession(db, readCookie(req, SESSION_COOKIE))) ? totpRequired() : new UnauthorizedError();
}

export function requireAuth(db: Db): RequestHandler {
  return async (req, res, next) => {
    const caller = (res.locals.caller as Caller | undefined) ?? (await identify(db, req)); // the access gate may have identified it
    if (!caller) throw await refusalFor(db, req);
    res.locals.caller = caller;
    next();
  };
}

export function caller(res: Response): Caller {
  const c = res.locals.caller as Caller | undefined;
  if (!c) throw new UnauthorizedError();
  return c;
}

export function requireAdmin(res: Response): Caller {
  const c = caller(res);
  if (!c.admin) throw new ForbiddenError('only administrators may do this');
  return c;
}

/** Route guard for the global admin routes (/api/options, /api/runners, /api/tasks …). */
export const adminOnly: RequestHandler = (_req, res, next) => {
  requireAdmin(res);
  next();
};
