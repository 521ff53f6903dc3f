// User accounts. Writes throw Prisma's own errors (see errors.ts) for the services to name.
import type { Db } from './db.ts';
import { lockProject } from './project-lock.ts';

export interface UserFields {
  username?: string;
  name?: string;
  email?: string;
  password?: string;
  admin?: boolean;
  alert?: boolean;
  external?: boolean;
  /** The sign-in source whose group mapping granted `admin` (group-grants.ts); null: by hand. */
  admin_granted_by?: string | null;
}

export async function findUsers(db: Db) {
  return db.user.findMany({ orderBy: { username: 'asc' } });
}

export async function findUser(db: Db, userId: number) {
  return db.user.findUnique({ where: { id: userId } });
}

export async function findUserName(db: Db, userId: number) {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
}

export async function findUserByUsername(db: Db, username: string) {
  return db.user.findUnique({ where: { username } });
}

/** The user whose username or e-mail is `name` (as given: callers lower-case it). */
export async function findUserByLogin(db: Db, name: string) {
  return db.user.findFirst({ where: { OR: [{ username: name }, { email: name }] } });
}

/** The user with this e-mail (stored lower-case). */
export async function findUserByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email } });
}

/** Whether a user other than `exceptId` has this username or this e-mail. */
export async function userHolding(
  db: Db,
  field: { username: string } | { email: string },
  exceptId?: number,
): Promise<boolean> {
  const found = await db.user.findFirst({
    where: { ...field, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  return found !== null;
}

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

export async function insertUser(
  db: Db,
  fields: UserFields & { username: string; name: string; email: string; password: string },
) {
  return db.user.create({ data: fields });
}

export async function updateUser(db: Db, userId: number, fields: UserFields) {
  return db.user.update({ where: { id: userId }, data: fields });
}

export type UserDeletion =
  | { outcome: 'deleted' }
  | { outcome: 'missing' }
  | { outcome: 'last_owner'; project: { id: number; name: string } };

/**
 * Deletes a user (their sessions, tokens and memberships go with the row) unless they are the last
 * owner of a project. The projects they own are locked, in id order, while their owners are counted,
 * so that a concurrent team change cannot leave a project without an owner.
 */
export async function deleteUserUnlessLastOwner(db: Db, userId: number): Promise<UserDeletion> {
  return db.$transaction(async (tx): Promise<UserDeletion> => {
    const owned = await tx.projectUser.findMany({
      where: { user_id: userId, role: 'owner' },
      select: { project: { select: { id: true, name: true } } },
      orderBy: { project_id: 'asc' }, // always lock in the same order
    });
    for (const { project } of owned) {
      await lockProject(tx, project.id);
      const owners = await tx.projectUser.count({ where: { project_id: project.id, role: 'owner' } });
      if (owners <= 1) return { outcome: 'last_owner', project };
    }
    const { count } = await tx.user.deleteMany({ where: { id: userId } });
    return count === 0 ? { outcome: 'missing' } : { outcome: 'deleted' };
  });
}

/** The username of the user who started a task; null when there is no such user. */
export async function usernameOf(db: Db, userId: number): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { username: true } });
  return user?.username ?? null;
}

/** The display names of these users, by id. */
export async function userNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}
