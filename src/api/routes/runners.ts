import { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../context.ts';
import { createBody, parse, pathId } from '../validation.ts';
import { presentRunner } from '../presenters.ts';
import { activeBody, runnerBody } from '../../contracts/admin.ts';
import * as runners from '../../services/runners.ts';

/** /api/runners (admins only): global runners. */
export function runnersRoutes({ db }: ApiDeps): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    res.json((await runners.listGlobalRunners(db)).map(presentRunner));
  });
  r.post('/', async (req, res) => {
    const { runner, token } = await runners.createGlobalRunner(db, parse(runnerBody, createBody(req.body ?? {})));
    res.status(201).json({ ...presentRunner(runner), token });
  });
  r.get('/:runner_id', async (req, res) => {
    res.json(presentRunner(await runners.getGlobalRunner(db, pathId(req.params, 'runner_id'))));
  });
  const update: RequestHandler = async (req, res) => {
    await runners.updateGlobalRunner(db, pathId(req.params, 'runner_id'), parse(runnerBody, req.body));
    res.status(204).end();
  };
  r.put('/:runner_id', update);
  r.post('/:runner_id', update);
  r.delete('/:runner_id', async (req, res) => {
    await runners.deleteGlobalRunner(db, pathId(req.params, 'runner_id'));
    res.status(204).end();
  });
  r.post('/:runner_id/active', async (req, res) => {
    const { active } = parse(activeBody, req.body);
    await runners.setGlobalRunnerActive(db, pathId(req.params, 'runner_id'), active);
    res.status(204).end();
  });
  return r;
}
