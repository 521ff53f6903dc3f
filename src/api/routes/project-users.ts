import { Router } from 'express';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { parse, pathId } from '../validation.ts';
import { presentProjectUser } from '../presenters.ts';
import { projectUserBody, projectUserRoleBody, teamListQuery } from '../../contracts/project-users.ts';
import {
  addMember,
  getMember,
  leaveProject,
  listMembers,
  removeMember,
  updateMemberRole,
} from '../../services/project-users.ts';

/** /api/project/{project_id}/users: the team (mounted behind the CanManageProjectUsers check). */
export function projectUsersRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/', async (req, res) => {
    const query = parse(teamListQuery, req.query, 'query');
    res.json((await listMembers(db, projectIdOf(res), query)).map(presentProjectUser));
  });
  r.post('/', async (req, res) => {
    await addMember(db, caller(res), projectIdOf(res), parse(projectUserBody, req.body));
    res.status(204).end();
  });
  r.get('/:user_id', async (req, res) => {
    res.json(presentProjectUser(await getMember(db, projectIdOf(res), pathId(req.params, 'user_id'))));
  });
  r.put('/:user_id', async (req, res) => {
    const userId = pathId(req.params, 'user_id');
    const { role } = parse(projectUserRoleBody, req.body);
    await updateMemberRole(db, caller(res), projectIdOf(res), userId, role);
    res.status(204).end();
  });
  r.delete('/:user_id', async (req, res) => {
    await removeMember(db, caller(res), projectIdOf(res), pathId(req.params, 'user_id'));
    res.status(204).end();
  });
  return r;
}

/** DELETE /api/project/{project_id}/me: leave the project (any member). */
export function leaveProjectRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.delete('/', async (_req, res) => {
    await leaveProject(db, caller(res), projectIdOf(res));
    res.status(204).end();
  });
  return r;
}
