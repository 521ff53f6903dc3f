// A project's team (semaphore-behaviour.md §1.4, §2.3 "Project team"): who is a member, with which
// role. The rules themselves are in team-rules.ts; this module applies them atomically.
import type { Db } from '../store/db.ts';
import type { ProjectUserBody, TeamListQuery } from '../contracts/project-users.ts';
import { isUniqueViolation } from '../store/errors.ts';
import type { Tx } from '../store/project-lock.ts';
import {
  countOwners,
  deleteMember,
  findMember,
  findMembers,
  insertMember,
  setMemberRole,
  withProjectLock,
} from '../store/project-users.ts';
import { findUserName } from '../store/users.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import { Permission, requireProjectAccess, type Caller, type ProjectAccess, type Role } from './permissions.ts';
import { roleChangeRefusal, type RoleChange } from './team-rules.ts';

export async function listMembers(db: Db, projectId: number, query: TeamListQuery = {}) {
  return findMembers(db, projectId, query.sort ?? 'name', query.order ?? 'asc');
}

export async function getMember(db: Db | Tx, projectId: number, userId: number) {
  const member = await findMember(db, projectId, userId);
  if (!member) throw new NotFoundError(`user ${userId} is not a member of project ${projectId}`);
  return member;
}

/**
 * Runs a team change with the project locked, so that changes to one team happen one after
 * another: two owners demoting each other at the same moment cannot leave the project without an
 * owner, because the second one sees the first one's change. The caller's own role is read again
 * under the lock, as it may have just changed.
 */
async function changeTeam<T>(
  db: Db,
  caller: Caller,
  projectId: number,
  bits: number,
  change: (tx: Tx, access: ProjectAccess) => Promise<T>,
): Promise<T> {
  return withProjectLock(db, projectId, async (tx, found) => {
    if (!found) throw new NotFoundError(`project ${projectId} not found`);
    return change(tx, await requireProjectAccess(tx, caller, projectId, true, bits));
  });
}

async function check(tx: Tx, projectId: number, change: Omit<RoleChange, 'owners'>): Promise<void> {
  const owners = await countOwners(tx, projectId);
  const refusal = roleChangeRefusal({ ...change, owners });
  if (refusal?.reason === 'not_held') throw new ForbiddenError(refusal.message);
  if (refusal?.reason === 'last_owner') throw new BadRequestError(refusal.message);
}

export async function addMember(db: Db, caller: Caller, projectId: number, body: ProjectUserBody): Promise<void> {
  const user = await findUserName(db, body.user_id);
  if (!user) throw new BadRequestError(`user_id: user ${body.user_id} does not exist`);
  const duplicate = () => new ConflictError(`user ${user.username} is already a member of project ${projectId}`);
  await changeTeam(db, caller, projectId, Permission.manageProjectUsers, async (tx, access) => {
    if (await findMember(tx, projectId, user.id)) throw duplicate();
    await check(tx, projectId, { actorPermissions: access.permissions, from: null, to: body.role });
    await insertMember(tx, projectId, user.id, body.role);
    await writeEvent(tx, {
      user_id: caller.id,
      project_id: projectId,
      object_type: 'user',
      object_id: user.id,
      description: `User ${user.username} added to the team as ${body.role}`,
    });
  }).catch((err) => {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  });
}

export async function updateMemberRole(
  db: Db,
  caller: Caller,
  projectId: number,
  userId: number,
  role: Role,
): Promise<void> {
  await changeTeam(db, caller, projectId, Permission.manageProjectUsers, async (tx, access) => {
    const member = await getMember(tx, projectId, userId);
    if (member.role === role) return;
    await check(tx, projectId, { actorPermissions: access.permissions, from: member.role, to: role });
    await setMemberRole(tx, member.id, role);
    await writeEvent(tx, {
      user_id: caller.id,
      project_id: projectId,
      object_type: 'user',
      object_id: userId,
      description: `Role of user ${member.user.username} changed from ${member.role} to ${role}`,
    });
  });
}

export async function removeMember(db: Db, caller: Caller, projectId: number, userId: number): Promise<void> {
  await changeTeam(db, caller, projectId, Permission.manageProjectUsers, async (tx, access) => {
    const member = await getMember(tx, projectId, userId);
    await check(tx, projectId, { actorPermissions: access.permissions, from: member.role, to: null });
    await deleteMember(tx, member.id);
    await writeEvent(tx, {
      user_id: caller.id,
      project_id: projectId,
      object_type: 'user',
      object_id: userId,
      description: `User ${member.user.username} removed from the team`,
    });
  });
}

/** DELETE /api/project/{id}/me: any member may leave, except the last owner. */
export async function leaveProject(db: Db, caller: Caller, projectId: number): Promise<void> {
  await changeTeam(db, caller, projectId, 0, async (tx, access) => {
    const member = await findMember(tx, projectId, caller.id);
    if (!member) throw new NotFoundError(`you are not a member of project ${projectId}`);
    await check(tx, projectId, { actorPermissions: access.permissions, from: member.role, to: null });
    await deleteMember(tx, member.id);
    await writeEvent(tx, {
      user_id: caller.id,
      project_id: projectId,
      object_type: 'user',
      object_id: caller.id,
      description: `User ${caller.username} left the project`,
    });
  });
}
