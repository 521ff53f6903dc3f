import { Router } from 'express';
import { access, projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { parse } from '../validation.ts';
import { presentProject } from '../presenters.ts';
import { backupBody } from '../../contracts/backup.ts';
import { exportProject } from '../../services/backup/export.ts';
import { restoreProject } from '../../services/backup/restore.ts';
import { Permission } from '../../services/permissions.ts';

/** GET /api/project/{project_id}/backup (any member; credentials only for those who may edit resources). */
export function backupRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/', async (_req, res) => {
    const withCredentials = (access(res).permissions & Permission.manageProjectResources) !== 0;
    res.json(await exportProject(db, projectIdOf(res), withCredentials));
  });
  return r;
}

/** POST /api/projects/restore: a new project from a backup document; the caller owns it. */
export function restoreRoutes({ db, schedules, config }: ApiDeps): Router {
  const r = Router();
  r.post('/projects/restore', async (req, res) => {
    const project = await restoreProject(
      db,
      schedules,
      caller(res),
      parse(backupBody, req.body),
      config.nonAdminCanCreateProject,
    );
    res.status(200).json(presentProject(project));
  });
  return r;
}
