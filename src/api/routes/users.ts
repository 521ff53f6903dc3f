import { Router, type Request } from 'express';
import type { ApiDeps } from '../context.ts';
import { caller, readCookie } from '../auth.ts';
import { SESSION_COOKIE, sessionIdOf } from '../../services/auth.ts';
import { parse, pathId } from '../validation.ts';
import { presentUser, presentUserSummary } from '../presenters.ts';
import { newUserBody, passwordBody, userUpdateBody } from '../../contracts/users.ts';
import { BadRequestError } from '../../services/errors.ts';
import { createUser, deleteUser, getUser, listUsers, setPassword, updateUser } from '../../services/users.ts';
import { totpOf } from '../../services/totp.ts';

/** The session of a cookie-authenticated request (a bearer request has none to keep). */
function ownSession(req: Request): number | undefined {
  return req.headers.authorization === undefined ? sessionIdOf(readCookie(req, SESSION_COOKIE)) : undefined;
}

/** /api/users: every account (administrators) or a directory of names (everyone else). */
export function usersRoutes({ db, config }: ApiDeps): Router {
  const r = Router();
  const rules = (req: Request) => ({ minLength: config.passwordMinLength, keepSession: ownSession(req) });
  r.get('/users', async (_req, res) => {
    const users = await listUsers(db);
    res.json(users.map(caller(res).admin ? presentUser : presentUserSummary));
  });
  r.post('/users', async (req, res) => {
    const user = await createUser(db, caller(res), parse(newUserBody, req.body), rules(req));
    res.status(201).json(presentUser(user));
  });
  r.get('/users/:user_id', async (req, res) => {
    const user = await getUser(db, caller(res), pathId(req.params, 'user_id'));
    res.json({ ...presentUser(user), totp: (await totpOf(db, user.id)) ?? undefined });
  });
  r.put('/users/:user_id', async (req, res) => {
    const userId = pathId(req.params, 'user_id');
    const body = parse(userUpdateBody, req.body);
    if (body.id !== undefined && body.id !== userId)
      throw new BadRequestError(`id: ${body.id} in body and ${userId} in URL must be the same`);
    await updateUser(db, caller(res), userId, body, rules(req));
    res.status(204).end();
  });
  r.delete('/users/:user_id', async (req, res) => {
    await deleteUser(db, caller(res), pathId(req.params, 'user_id'));
    res.status(204).end();
  });
  r.post('/users/:user_id/password', async (req, res) => {
    const { password } = parse(passwordBody, req.body);
    await setPassword(db, caller(res), pathId(req.params, 'user_id'), password, rules(req));
    res.status(204).end();
  });
  return r;
}
