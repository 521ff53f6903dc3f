import { Router } from 'express';
import type { ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { pathId } from '../validation.ts';
import { getActiveTask, listActiveTasks } from '../../services/active-tasks.ts';
import { stopTask } from '../../services/tasks.ts';

/** /api/tasks (admins only): queued and running tasks of every project; DELETE stops one at once. */
export function activeTasksRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();
  r.get('/', async (_req, res) => {
    res.json(await listActiveTasks(db));
  });
  r.get('/:task_id', async (req, res) => {
    res.json(await getActiveTask(db, pathId(req.params, 'task_id')));
  });
  r.delete('/:task_id', async (req, res) => {
    const task = await getActiveTask(db, pathId(req.params, 'task_id'));
    await stopTask(deps, { caller: caller(res), projectId: task.project_id, taskId: task.task_id, force: true });
    res.status(204).end();
  });
  return r;
}
