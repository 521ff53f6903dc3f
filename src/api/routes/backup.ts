import { Router } from 'express';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { parse } from '../validation.ts';
import { presentProject } from '../presenters.ts';
import { backupBody } from '../schemas/backup.ts';
import { exportProject } from '../../services/backup/export.ts';
import { restoreProject } from '../../services/backup/restore.ts';

/** GET /api/project/{project_id}/backup (mounted behind the project access check: any member). */
export function backupRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/', async (_req, res) => {
    res.json(await exportProject(db, projectIdOf(res)));
  });
  return r;
}

/** POST /api/projects/restore: a new project from a backup document; the caller owns it. */
export function restoreRoutes({ db, schedules, config }: ApiDeps): Router {
  const r = Router();
  r.post('/projects/restore', async (req, res) => {
    const project = await restoreProject(db, schedules, caller(res), parse(backupBody, req.body), config.nonAdminCanCreateProject);
    res.status(200).json(presentProject(project));
  });
  return r;
}
