import { Router } from 'express';
import { z } from 'zod';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { parse, pathId } from '../validation.ts';
import { presentSchedule } from '../presenters.ts';
import { presentTaskWithTpl } from './tasks.ts';
import { listTemplateTasks } from '../../services/template-tasks.ts';
import { listTemplateSchedules } from '../../services/schedules.ts';

/** Semaphore caps the last-tasks list at 200 and takes a larger limit as 200. */
const LAST_TASKS_MAX = 200;
export const lastQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .positive('must be positive')
    .optional(),
});

/** /api/project/{project_id}/templates/{template_id}/tasks, /tasks/last and /schedules */
export function templateHistoryRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/tasks', async (req, res) => {
    const rows = await listTemplateTasks(db, projectIdOf(res), pathId(req.params, 'template_id'), 1000);
    res.json(rows.map(presentTaskWithTpl));
  });
  r.get('/tasks/last', async (req, res) => {
    const { limit } = parse(lastQuery, req.query, 'query');
    const rows = await listTemplateTasks(
      db,
      projectIdOf(res),
      pathId(req.params, 'template_id'),
      Math.min(limit ?? LAST_TASKS_MAX, LAST_TASKS_MAX),
    );
    res.json(rows.map(presentTaskWithTpl));
  });
  r.get('/schedules', async (req, res) => {
    res.json(
      (await listTemplateSchedules(db, projectIdOf(res), pathId(req.params, 'template_id'))).map(presentSchedule),
    );
  });
  return r;
}
