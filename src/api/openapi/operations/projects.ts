// Projects, the caller's role in one, its team, its activity log, backup and restore.
import { z } from 'zod';
import { Permission } from '../../../services/permissions.ts';
import { projectBody } from '../../../contracts/projects.ts';
import { backupBody } from '../../../contracts/backup.ts';
import { projectUserBody, projectUserRoleBody, teamListQuery } from '../../../contracts/project-users.ts';
import { named, type ApiOperation } from '../operation.ts';
import { event, project, projectRole, projectUser } from '../responses.ts';
import { backupDocument } from '../backup-document.ts';

const one = '/api/project/{project_id}';
const settings = named('ProjectSettings', projectBody);
const owner = { project: { write: Permission.updateProject } };
const team = { project: { write: Permission.manageProjectUsers } };
const member = { project: { write: 0 } };

export const projectOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/projects',
    id: 'listProjects',
    tag: 'Projects',
    access: 'user',
    summary: "List the caller's projects",
    description: 'The projects the caller is a member of; every project for administrators.',
    response: { status: 200, description: 'The projects.', body: z.array(project.schema) },
  },
  {
    method: 'post',
    path: '/api/projects',
    id: 'createProject',
    tag: 'Projects',
    access: { projectCreator: { refusal: 401 } },
    summary: 'Create a project',
    description: 'The caller becomes its owner, with the key `None` and the environment `Empty`.',
    body: { schema: settings, required: true },
    response: { status: 201, description: 'The new project.', body: project },
  },
  {
    method: 'post',
    path: '/api/projects/restore',
    id: 'restoreProject',
    tag: 'Projects',
    access: { projectCreator: { refusal: 403 } },
    summary: 'Create a project from a backup',
    description:
      "Takes the document that `GET /api/project/{project_id}/backup` gives (Semaphore's backup format). Keys come back without secrets. " +
      'The caller becomes the owner, so this needs what creating a project needs (Semaphore lets any user restore).',
    body: { schema: named('ProjectRestore', backupBody), required: true },
    response: { status: 200, description: 'The new project; the caller owns it.', body: project },
  },
  {
    method: 'get',
    path: one,
    id: 'getProject',
    tag: 'Projects',
    access: owner,
    summary: 'Get a project',
    response: { status: 200, description: 'The project.', body: project },
  },
  {
    method: 'put',
    path: one,
    id: 'updateProject',
    tag: 'Projects',
    access: owner,
    summary: "Update a project's settings",
    body: { schema: settings, required: true },
    response: { status: 204, description: 'The project was updated.' },
  },
  {
    method: 'delete',
    path: one,
    id: 'deleteProject',
    tag: 'Projects',
    access: owner,
    summary: 'Delete a project and everything in it',
    response: { status: 204, description: 'The project was deleted.' },
  },
  {
    method: 'get',
    path: `${one}/role`,
    id: 'getProjectRole',
    tag: 'Projects',
    access: member,
    summary: "The caller's role in a project",
    response: { status: 200, description: 'The role and its permission bits.', body: projectRole },
  },
  {
    method: 'get',
    path: `${one}/backup`,
    id: 'backupProject',
    tag: 'Projects',
    access: member,
    summary: 'Export a project as a backup document',
    description:
      'Objects refer to each other by name. Secrets are never exported: keys carry their name and type only. ' +
      "Environments' vault passwords and integration aliases are included only for members who may edit the project's resources (and administrators).",
    response: { status: 200, description: 'The backup document.', body: backupDocument },
  },
  {
    method: 'get',
    path: `${one}/events`,
    id: 'listProjectEvents',
    tag: 'Events',
    access: member,
    summary: "A project's activity log",
    response: { status: 200, description: 'The events, newest first.', body: z.array(event.schema) },
  },
  {
    method: 'get',
    path: `${one}/events/last`,
    id: 'listLastProjectEvents',
    tag: 'Events',
    access: member,
    summary: "A project's latest 200 events",
    response: { status: 200, description: 'The events, newest first.', body: z.array(event.schema) },
  },
  {
    method: 'get',
    path: `${one}/users`,
    id: 'listProjectMembers',
    tag: 'Project team',
    access: team,
    summary: "List a project's members",
    query: teamListQuery,
    response: { status: 200, description: 'The members with their roles.', body: z.array(projectUser.schema) },
  },
  {
    method: 'post',
    path: `${one}/users`,
    id: 'addProjectMember',
    tag: 'Project team',
    access: team,
    summary: 'Add a member to a project',
    body: { schema: named('NewProjectMember', projectUserBody), required: true },
    response: { status: 204, description: 'The user is a member now.' },
    otherResponses: { 409: 'The user is a member already.' },
  },
  {
    method: 'get',
    path: `${one}/users/{user_id}`,
    id: 'getProjectMember',
    tag: 'Project team',
    access: team,
    summary: 'Get a project member',
    response: { status: 200, description: 'The member and role.', body: projectUser },
  },
  {
    method: 'put',
    path: `${one}/users/{user_id}`,
    id: 'setProjectMemberRole',
    tag: 'Project team',
    access: team,
    summary: "Change a member's role",
    description: 'Only owners may make or unmake owners, and a project keeps at least one owner.',
    body: { schema: named('ProjectMemberRole', projectUserRoleBody), required: true },
    response: { status: 204, description: 'The role was changed.' },
  },
  {
    method: 'delete',
    path: `${one}/users/{user_id}`,
    id: 'removeProjectMember',
    tag: 'Project team',
    access: team,
    summary: 'Remove a member from a project',
    response: { status: 204, description: 'The user is no longer a member.' },
  },
  {
    method: 'delete',
    path: `${one}/me`,
    id: 'leaveProject',
    tag: 'Project team',
    access: member,
    summary: 'Leave a project',
    description: 'The last owner cannot leave.',
    response: { status: 204, description: 'The caller is no longer a member.' },
  },
];
