import { Router } from 'express';
import type { ApiDeps } from '../context.ts';
import { projectIdOf } from '../context.ts';
import { createBody, parse, pathId } from '../validation.ts';
import { presentRunner } from '../presenters.ts';
import { activeBody, runnerBody } from '../../contracts/admin.ts';
import * as runners from '../../services/project-runners.ts';

/** /api/project/{id}/runners: the project's own runners (its managers and owners only, as declared). */
export function projectRunnersRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/', async (_req, res) => {
    res.json((await runners.listProjectRunners(db, projectIdOf(res))).map(presentRunner));
  });
  r.post('/', async (req, res) => {
    const body = parse(runnerBody, createBody(req.body ?? {}));
    const { runner, token } = await runners.createProjectRunner(db, projectIdOf(res), body);
    res.status(201).json({ ...presentRunner(runner), token });
  });
  r.get('/:runner_id', async (req, res) => {
    res.json(presentRunner(await runners.getProjectRunner(db, projectIdOf(res), pathId(req.params, 'runner_id'))));
  });
  r.put('/:runner_id', async (req, res) => {
    const body = parse(runnerBody, req.body);
    await runners.updateProjectRunner(db, projectIdOf(res), pathId(req.params, 'runner_id'), body);
    res.status(204).end();
  });
  r.delete('/:runner_id', async (req, res) => {
    await runners.deleteProjectRunner(db, projectIdOf(res), pathId(req.params, 'runner_id'));
    res.status(204).end();
  });
  r.post('/:runner_id/active', async (req, res) => {
    const { active } = parse(activeBody, req.body);
    await runners.setProjectRunnerActive(db, projectIdOf(res), pathId(req.params, 'runner_id'), active);
    res.status(204).end();
  });
  return r;
}
