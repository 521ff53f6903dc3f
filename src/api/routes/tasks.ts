import { Router } from 'express';
import { z } from 'zod';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { parse, pathId } from '../validation.ts';
import { presentTask, presentTaskOutput, presentTaskStage, presentTaskWithTpl } from '../presenters.ts';

export { presentTaskWithTpl };
import { stopBody, taskBody } from '../../contracts/tasks.ts';
import * as tasks from '../../services/tasks.ts';

export const outputQuery = z.object({
  offset: z.coerce.number().int().min(0).optional().default(0),
  limit: z.coerce.number().int().positive().max(1_000_000).optional(),
});

/** /api/project/{project_id}/tasks */
export function tasksRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router({ mergeParams: true });
  r.get('/', async (_req, res) => {
    res.json((await tasks.listTasks(db, projectIdOf(res), 1000)).map(presentTaskWithTpl));
  });
  r.get('/last', async (_req, res) => {
    res.json((await tasks.listTasks(db, projectIdOf(res), 200)).map(presentTaskWithTpl));
  });
  r.post('/', async (req, res) => {
    const body = parse(taskBody, req.body);
    const task = await tasks.createTask(deps, { caller: caller(res), projectId: projectIdOf(res), body });
    res.status(201).json(presentTask(task));
  });
  r.get('/:task_id', async (req, res) => {
    res.json(presentTask(await tasks.getTask(db, projectIdOf(res), pathId(req.params, 'task_id'))));
  });
  r.get('/:task_id/output', async (req, res) => {
    const q = parse(outputQuery, req.query, 'query');
    const lines = await tasks.taskOutput(db, projectIdOf(res), pathId(req.params, 'task_id'), q.offset, q.limit);
    res.json(lines.map(presentTaskOutput));
  });
  r.get('/:task_id/stages', async (req, res) => {
    const stages = await tasks.taskStages(db, projectIdOf(res), pathId(req.params, 'task_id'));
    res.json(stages.map(presentTaskStage));
  });
  r.post('/:task_id/stop', async (req, res) => {
    const { force } = parse(stopBody, req.body ?? undefined);
    const taskId = pathId(req.params, 'task_id');
    await tasks.stopTask(deps, { caller: caller(res), projectId: projectIdOf(res), taskId, force });
    res.status(204).end();
  });
  for (const decision of ['confirm', 'reject'] as const) {
    r.post(`/:task_id/${decision}`, async (req, res) => {
      const taskId = pathId(req.params, 'task_id');
      await tasks.decideTask(deps, { caller: caller(res), projectId: projectIdOf(res), taskId, decision });
      res.status(204).end();
    });
  }
  r.delete('/:task_id', async (req, res) => {
    await tasks.deleteTask(db, caller(res), projectIdOf(res), pathId(req.params, 'task_id'));
    res.status(204).end();
  });
  return r;
}
