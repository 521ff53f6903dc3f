import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../context.ts';
import { adminOnly } from '../auth.ts';
import { parse } from '../validation.ts';
import { activeBody, APP_ID, appBody } from '../../contracts/admin.ts';
import * as apps from '../../services/apps.ts';
import { BadRequestError } from '../../services/errors.ts';

export const appId = z.string().regex(APP_ID, 'must be 1 to 64 letters, digits or "_"');

/** /api/apps: the list for every user; one app's settings for admins only. */
export function appsRoutes({ db, config }: ApiDeps): Router {
  const r = Router();
  const idOf = (params: Record<string, unknown>) => parse(appId, params.app_id, 'app_id');
  r.get('/', async (_req, res) => {
    res.json(await apps.listApps(db, config.apps));
  });
  r.get('/:app_id', adminOnly, async (req, res) => {
    res.json(await apps.getApp(db, idOf(req.params), config.apps));
  });
  const update: RequestHandler = async (req, res) => {
    const id = idOf(req.params);
    const body = parse(appBody, req.body);
    if (body.id !== undefined && body.id !== id)
      throw new BadRequestError(`id: "${body.id}" in body and "${id}" in URL must be the same`);
    await apps.setApp(db, id, body);
    res.status(204).end();
  };
  r.put('/:app_id', adminOnly, update);
  r.post('/:app_id', adminOnly, update);
  r.delete('/:app_id', adminOnly, async (req, res) => {
    await apps.deleteApp(db, idOf(req.params), config.apps);
    res.status(204).end();
  });
  r.post('/:app_id/active', adminOnly, async (req, res) => {
    const { active } = parse(activeBody, req.body);
    await apps.setAppActive(db, idOf(req.params), active, config.apps);
    res.status(204).end();
  });
  return r;
}
