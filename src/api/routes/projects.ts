import { Router } from 'express';
import { access, projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { parse } from '../validation.ts';
import { presentProject } from '../presenters.ts';
import { projectBody } from '../../contracts/projects.ts';
import { createProject, deleteProject, getProject, listProjects, updateProject } from '../../services/projects.ts';

/** /api/projects: the caller's projects; creating one. */
export function projectsRoutes({ db, config }: ApiDeps): Router {
  const r = Router();
  r.get('/projects', async (_req, res) => {
    res.json((await listProjects(db, caller(res))).map(presentProject));
  });
  r.post('/projects', async (req, res) => {
    const project = await createProject(db, caller(res), parse(projectBody, req.body), config.nonAdminCanCreateProject);
    res.status(201).json(presentProject(project));
  });
  return r;
}

/** /api/project/{project_id}: one project (mounted behind the project access check). */
export function projectRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/', async (_req, res) => {
    res.json(presentProject(await getProject(db, projectIdOf(res))));
  });
  r.put('/', async (req, res) => {
    const body = parse(projectBody, req.body);
    await updateProject(db, caller(res), projectIdOf(res), body);
    res.status(204).end();
  });
  r.delete('/', async (_req, res) => {
    await deleteProject(db, caller(res), projectIdOf(res));
    res.status(204).end();
  });
  r.get('/role', (_req, res) => {
    const a = access(res);
    res.json({ role: a.role, permissions: a.permissions });
  });
  return r;
}
