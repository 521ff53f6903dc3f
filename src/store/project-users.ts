// Project memberships (the project_user table): who is in a project's team, with which role.
// Changes to one team run under the project's lock (project-lock.ts), so they happen one after another.
import type { Db } from './db.ts';
import { lockProject, type Tx } from './project-lock.ts';

export type TeamSort = 'name' | 'username' | 'email' | 'role';

export async function findMembers(db: Db, projectId: number, sort: TeamSort, order: 'asc' | 'desc') {
  return db.projectUser.findMany({
    where: { project_id: projectId },
    include: { user: true },
    orderBy: [sort === 'role' ? { role: order } : { user: { [sort]: order } }, { user_id: 'asc' }],
  });
}

/** The membership with its user, or null. */
export async function findMember(db: Db | Tx, projectId: number, userId: number) {
  return db.projectUser.findUnique({
    where: { project_id_user_id: { project_id: projectId, user_id: userId } },
    include: { user: true },
  });
}

/** The member's role, or null for a non-member. */
export async function findRole(db: Db | Tx, projectId: number, userId: number): Promise<string | null> {
  const member = await db.projectUser.findUnique({
    where: { project_id_user_id: { project_id: projectId, user_id: userId } },
    select: { role: true },
  });
  return member ? member.role : null;
}

export async function projectIdsOfMember(db: Db, userId: number): Promise<number[]> {
  const memberships = await db.projectUser.findMany({ where: { user_id: userId }, select: { project_id: true } });
  return memberships.map((m) => m.project_id);
}

export async function countOwners(db: Db | Tx, projectId: number): Promise<number> {
  return db.projectUser.count({ where: { project_id: projectId, role: 'owner' } });
}

export async function insertMember(db: Db | Tx, projectId: number, userId: number, role: string): Promise<void> {
  await db.projectUser.create({ data: { project_id: projectId, user_id: userId, role } });
}

/** A role set by hand: the membership is no longer a group mapping's to take back (group-grants.ts). */
export async function setMemberRole(db: Db | Tx, memberId: number, role: string): Promise<void> {
  await db.projectUser.update({ where: { id: memberId }, data: { role, granted_by: null } });
}

export async function deleteMember(db: Db | Tx, memberId: number): Promise<void> {
  await db.projectUser.delete({ where: { id: memberId } });
}

/**
 * Runs `change` in one transaction that holds project `projectId`'s lock from its start; `found`
 * is false when there is no such project (nothing is locked then). (Not a serializable
 * transaction: Prisma 6's driver adapters leak the connection when a serialization failure
 * surfaces at COMMIT.)
 */
export async function withProjectLock<T>(
  db: Db,
  projectId: number,
  change: (tx: Tx, found: boolean) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => change(tx, await lockProject(tx, projectId)));
}

/** Who hears a project's live messages: its members and every administrator. */
export async function membersAndAdmins(db: Db, projectId: number): Promise<number[]> {
  const [members, admins] = await Promise.all([
    db.projectUser.findMany({ where: { project_id: projectId }, select: { user_id: true } }),
    db.user.findMany({ where: { admin: true }, select: { id: true } }),
  ]);
  return [...new Set([...members.map((m) => m.user_id), ...admins.map((a) => a.id)])];
}
