import { Router } from 'express';
import type { ApiDeps } from '../context.ts';
import { parse } from '../validation.ts';
import { optionBody } from '../../contracts/admin.ts';
import { listOptions, setOption } from '../../services/options.ts';

/** /api/options (admins only): the option map; setting one answers with what was stored. */
export function optionsRoutes({ db }: ApiDeps): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    res.json(await listOptions(db));
  });
  r.post('/', async (req, res) => {
    const { key, value } = parse(optionBody, req.body);
    await setOption(db, key, value);
    res.json({ key, value });
  });
  return r;
}
