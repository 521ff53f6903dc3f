import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { parse } from '../validation.ts';
import { presentApiToken, presentUser } from '../presenters.ts';
import { createApiToken, expireApiToken, listApiTokens } from '../../services/auth.ts';
import { mayCreateProjects } from '../../services/projects.ts';
import { currentUser } from '../../services/users.ts';
import { totpOf } from '../../services/totp.ts';

export const tokenId = z.string().min(1).max(100);

/** The current user and their API tokens: /api/user, /api/user/tokens. */
export function userRoutes({ db, config }: ApiDeps): Router {
  const r = Router();
  r.get('/user', async (_req, res) => {
    const user = await currentUser(db, caller(res));
    res.json({
      ...presentUser(user),
      can_create_project: mayCreateProjects(user, config.nonAdminCanCreateProject),
      totp: (await totpOf(db, user.id)) ?? undefined, // its id and date, never its secret
    });
  });
  r.get('/user/tokens', async (_req, res) => {
    res.json((await listApiTokens(db, caller(res).id)).map(presentApiToken));
  });
  r.post('/user/tokens', async (_req, res) => {
    res.status(201).json(await createApiToken(db, caller(res).id)); // the whole token, this once
  });
  r.delete('/user/tokens/:token_id', async (req, res) => {
    await expireApiToken(db, caller(res).id, parse(tokenId, req.params.token_id, 'token_id'));
    res.status(204).end();
  });
  return r;
}
