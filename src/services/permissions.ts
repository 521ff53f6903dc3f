// Project access checks over the stored memberships; the roles themselves are in domain/project-roles.ts.
import type { Db } from '../store/db.ts';
import type { Tx } from '../store/project-lock.ts';
import { findRole } from '../store/project-users.ts';
import { projectExists } from '../store/projects.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';

import { isRole, ROLE_PERMISSIONS, type Role } from '../domain/project-roles.ts';
export { isRole, Permission, ROLE_PERMISSIONS, ROLES, roleCan, type Role } from '../domain/project-roles.ts';

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
  db: Db | Tx,
  caller: Caller,
  projectId: number,
  write: boolean,
  bits: number,
): Promise<ProjectAccess> {
  if (!(await projectExists(db, projectId))) throw new NotFoundError(`project ${projectId} not found`);
  const member = await findRole(db, projectId, caller.id);
  const role = member !== null && isRole(member) ? member : '';
  const permissions = role ? ROLE_PERMISSIONS[role] : 0;
  if (caller.admin) return { projectId, role, permissions: 15 };
  if (member === null) throw new NotFoundError(`project ${projectId} not found`);
  if (write && (permissions & bits) !== bits) {
    throw new ForbiddenError(`your role "${role}" in project ${projectId} does not allow this`);
  }
  return { projectId, role, permissions };
}
