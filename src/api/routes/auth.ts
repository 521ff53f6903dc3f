import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../context.ts';
import { readCookie } from '../auth.ts';
import { parse } from '../validation.ts';
import { createSession, expireSession, login, SESSION_COOKIE } from '../../services/auth.ts';

export const loginBody = z.object({
  auth: z.string({ error: 'is required' }).min(1, 'must not be empty').max(255),
  password: z.string({ error: 'is required' }).min(1, 'must not be empty').max(1000),
});

/** Public: POST/GET /api/auth/login, POST /api/auth/logout. */
export function authRoutes({ db }: ApiDeps): Router {
  const r = Router();
  r.get('/auth/login', (_req, res) => {
    res.json({ oidc_providers: [], login_with_password: true });
  });
  r.post('/auth/login', async (req, res) => {
    const body = parse(loginBody, req.body);
    const user = await login(db, body.auth, body.password);
    const ip = String(req.headers['x-real-ip'] ?? req.socket.remoteAddress ?? '');
    const cookie = await createSession(db, user.id, ip, String(req.headers['user-agent'] ?? ''));
    res.cookie(SESSION_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.status(204).end();
  });
  r.post('/auth/logout', async (req, res) => {
    const cookie = readCookie(req, SESSION_COOKIE);
    if (cookie) await expireSession(db, cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return r;
}
