// Project roles and permission bits (semaphore-behaviour.md §1.4).
import type { Db } from '../store/db.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';

export const Permission = {
  runProjectTasks: 1,
  updateProject: 2,
  manageProjectResources: 4,
  manageProjectUsers: 8,
} as const;

export const ROLES = ['owner', 'manager', 'task_runner', 'guest'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Record<Role, number> = {
  owner: 15,
  manager: Permission.runProjectTasks | Permission.manageProjectResources,
  task_runner: Permission.runProjectTasks,
  guest: 0,
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleCan(role: string, bits: number): boolean {
  const granted = isRole(role) ? ROLE_PERMISSIONS[role] : 0;
  return (granted & bits) === bits;
}

export interface Caller {
  id: number;
  admin: boolean;
  username: string;
}

export interface ProjectAccess {
  projectId: number;
  role: Role | '';
  permissions: number;
}

/**
 * Checks that `caller` may act on project `projectId`: admins always may; members may read;
 * writes need the role's bits. Non-members learn nothing: the project is "not found".
 */
export async function requireProjectAccess(
  db: Db,
  caller: Caller,
  projectId: number,
  write: boolean,
  bits: number,
): Promise<ProjectAccess> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new NotFoundError(`project ${projectId} not found`);
  const member = await db.projectUser.findUnique({
    where: { project_id_user_id: { project_id: projectId, user_id: caller.id } },
    select: { role: true },
  });
  const role = member && isRole(member.role) ? member.role : '';
  const permissions = role ? ROLE_PERMISSIONS[role] : 0;
  if (caller.admin) return { projectId, role, permissions: 15 };
  if (!member) throw new NotFoundError(`project ${projectId} not found`);
  if (write && (permissions & bits) !== bits) {
    throw new ForbiddenError(`your role "${role}" in project ${projectId} does not allow this`);
  }
  return { projectId, role, permissions };
}
