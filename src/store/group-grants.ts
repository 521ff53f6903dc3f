// What directory group mappings granted (src/services/group-roles.ts): the administrator flag and
// project memberships, each marked with the sign-in source that granted it (`admin_granted_by`,
// `project__user.granted_by`); null marks what an administrator granted by hand.
import type { Db } from './db.ts';
import type { Tx } from './project-lock.ts';

export async function findGrantee(db: Db, userId: number) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, admin: true, admin_granted_by: true },
  });
}

/** Sets the administrator flag and who granted it (null: by hand). */
export async function setAdminGrant(db: Db, userId: number, admin: boolean, grantedBy: string | null): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { admin, admin_granted_by: grantedBy }, select: { id: true } });
}

/** The user's memberships, with who granted each. */
export async function membershipsOf(db: Db | Tx, userId: number) {
  return db.projectUser.findMany({
    where: { user_id: userId },
    select: { id: true, project_id: true, role: true, granted_by: true },
    orderBy: { project_id: 'asc' },
  });
}

/** The projects a mapping's `project` names: the one with that id (when numeric), else those with that name. */
export async function projectsNamed(db: Db, ref: string): Promise<Array<{ id: number; name: string }>> {
  if (/^\d+$/.test(ref) && Number(ref) <= 2 ** 31 - 1) {
    const byId = await db.project.findUnique({ where: { id: Number(ref) }, select: { id: true, name: true } });
    if (byId) return [byId];
  }
  return db.project.findMany({ where: { name: ref }, select: { id: true, name: true }, orderBy: { id: 'asc' } });
}

export async function insertGrantedMember(
  tx: Tx,
  projectId: number,
  userId: number,
  role: string,
  grantedBy: string,
): Promise<void> {
  await tx.projectUser.create({ data: { project_id: projectId, user_id: userId, role, granted_by: grantedBy } });
}

export async function setGrantedRole(tx: Tx, memberId: number, role: string): Promise<void> {
  await tx.projectUser.update({ where: { id: memberId }, data: { role } });
}
