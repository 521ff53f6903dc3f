// Projects: creation makes the caller owner and adds the `None` key and the `Empty` environment.
import { countActiveTasksOfProject } from '../store/tasks.ts';
import type { Db } from '../store/db.ts';
import {
  deleteProject as deleteProjectRow,
  findProject,
  findProjects,
  insertProject,
  updateProject as updateProjectRow,
} from '../store/projects.ts';
import type { ProjectBody } from '../contracts/projects.ts';
import { BadRequestError, NotFoundError, UnauthorizedError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

export async function listProjects(db: Db, caller: Caller) {
  return findProjects(db, caller.admin ? null : caller.id);
}

export async function getProject(db: Db, projectId: number) {
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId} not found`);
  return project;
}

/** Administrators may create projects; other users only where the server allows it (`non_admin_can_create_project`). */
export function mayCreateProjects(caller: Caller, nonAdminCanCreate: boolean): boolean {
  return caller.admin || nonAdminCanCreate;
}

/** Semaphore answers 401 here, not 403. The creator becomes the project's owner. */
export async function createProject(db: Db, caller: Caller, body: ProjectBody, nonAdminCanCreate: boolean) {
  if (!mayCreateProjects(caller, nonAdminCanCreate))
    throw new UnauthorizedError('only administrators may create projects');
  const fields = {
    name: body.name,
    alert: body.alert ?? false,
    alert_chat: body.alert_chat ?? null,
    max_parallel_tasks: body.max_parallel_tasks ?? 0,
    type: body.type ?? '',
  };
  return insertProject(db, fields, caller.id, (project) => ({
    user_id: caller.id,
    project_id: project.id,
    object_type: 'project',
    object_id: project.id,
    description: `Project ${project.name} created`,
  }));
}

export async function updateProject(db: Db, caller: Caller, projectId: number, body: ProjectBody) {
  await getProject(db, projectId);
  const project = await updateProjectRow(db, projectId, {
    name: body.name,
    ...(body.alert !== undefined ? { alert: body.alert } : {}),
    ...(body.alert_chat !== undefined ? { alert_chat: body.alert_chat } : {}),
    ...(body.max_parallel_tasks !== undefined ? { max_parallel_tasks: body.max_parallel_tasks } : {}),
    ...(body.type !== undefined ? { type: body.type } : {}),
  });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'project',
    object_id: projectId,
    description: `Project ${project.name} updated`,
  });
  return project;
}

export async function deleteProject(db: Db, caller: Caller, projectId: number) {
  const project = await getProject(db, projectId);
  const running = await countActiveTasksOfProject(db, projectId);
  if (running > 0) throw new BadRequestError(`project ${projectId} has ${running} running tasks; stop them first`);
  await deleteProjectRow(db, projectId);
  await writeEvent(db, {
    user_id: caller.id,
    object_type: 'project',
    object_id: projectId,
    description: `Project ${project.name} deleted`,
  });
}
