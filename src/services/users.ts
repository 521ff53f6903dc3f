// Global user accounts (semaphore-behaviour.md §1.2, §2.3 "Users & tokens"): administrators manage
// everyone; other users only themselves. Password hashes never leave this module's callers.
import type { Db } from '../store/db.ts';
import type { NewUserBody, UserUpdateBody } from '../contracts/users.ts';
import { hashPassword, passwordTooShort } from '../security/passwords.ts';
import { isRecordMissing, isUniqueViolation } from '../store/errors.ts';
import {
  deleteUserUnlessLastOwner,
  findUser,
  findUsers,
  insertUser,
  updateUser as updateUserRow,
  userHolding,
} from '../store/users.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from './errors.ts';
import { writeEvent } from './events.ts';
import { endSessionsOf } from './auth.ts';
import type { Caller } from './permissions.ts';

/** Upstream answers 401 (not 403) when a user acts on someone else's account. */
function requireSelfOrAdmin(caller: Caller, userId: number): void {
  if (!caller.admin && caller.id !== userId) throw new UnauthorizedError('only administrators may manage other users');
}

export async function listUsers(db: Db) {
  return findUsers(db);
}

export async function getUser(db: Db, caller: Caller, userId: number) {
  requireSelfOrAdmin(caller, userId);
  const user = await findUser(db, userId);
  if (!user) throw new NotFoundError(`user ${userId} not found`);
  return user;
}

/** Refuses a username or e-mail that another user already has. */
async function requireUnique(db: Db, fields: { username?: string; email?: string }, exceptId?: number): Promise<void> {
  if (fields.username && (await userHolding(db, { username: fields.username }, exceptId)))
    throw new ConflictError(`username: "${fields.username}" is already taken`);
  if (fields.email && (await userHolding(db, { email: fields.email }, exceptId)))
    throw new ConflictError(`email: "${fields.email}" is already used by another user`);
}

/** Another request took the username or e-mail, or deleted the user, between our check and our write. */
function writeFailed(userId?: number) {
  return (err: unknown): never => {
    if (isUniqueViolation(err)) throw new ConflictError('username or email: already used by another user');
    if (userId !== undefined && isRecordMissing(err)) throw new NotFoundError(`user ${userId} not found`);
    throw err;
  };
}

/** How a password change is made: the minimum length (SIGNALMAN_PASSWORD_MIN_LENGTH) and the caller's own session. */
export interface PasswordRules {
  minLength: number;
  /** The caller's session, which stays when they change their own password; every other session of the user ends. */
  keepSession?: number;
}

function requireLength(password: string | undefined, rules: PasswordRules): void {
  const problem = password === undefined ? null : passwordTooShort(password, rules.minLength);
  if (problem) throw new BadRequestError(`password: ${problem}`);
}

export async function createUser(db: Db, caller: Caller, body: NewUserBody, rules: PasswordRules) {
  if (!caller.admin) throw new UnauthorizedError('only administrators may create users');
  requireLength(body.password, rules);
  await requireUnique(db, body);
  const user = await insertUser(db, {
    username: body.username,
    name: body.name,
    email: body.email,
    // Semaphore's UserRequest has no password: such a user cannot log in until one is set.
    password: body.password ? await hashPassword(body.password) : '',
    admin: body.admin ?? false,
    alert: body.alert ?? false,
    external: body.external ?? false,
  }).catch(writeFailed());
  await writeEvent(db, {
    user_id: caller.id,
    object_type: 'user',
    object_id: user.id,
    description: `User ${user.username} created`,
  });
  return user;
}

/** A password change ends the user's other sessions (/api/ws clients within their re-check). */
export async function updateUser(
  db: Db,
  caller: Caller,
  userId: number,
  body: UserUpdateBody,
  rules: PasswordRules,
): Promise<void> {
  const user = await getUser(db, caller, userId);
  if (body.admin !== undefined && body.admin !== user.admin) {
    if (caller.id === userId) throw new ForbiddenError('admin: you cannot change your own administrator flag');
  }
  if (body.username !== undefined && body.username !== user.username && user.external) {
    throw new BadRequestError(
      `username: user ${user.username} is external (LDAP/OIDC); the username cannot be changed`,
    );
  }
  if (body.password !== undefined && user.external) {
    throw new BadRequestError(`password: user ${user.username} is external (LDAP/OIDC); the password is managed there`);
  }
  requireLength(body.password, rules);
  await requireUnique(db, body, userId);
  const updated = await updateUserRow(db, userId, {
    ...(body.username !== undefined ? { username: body.username } : {}),
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.email !== undefined ? { email: body.email } : {}),
    ...(body.alert !== undefined ? { alert: body.alert } : {}),
    // Set by hand, the flag is no longer a group mapping's to take back (group-roles.ts).
    ...(body.admin !== undefined && body.admin !== user.admin ? { admin: body.admin, admin_granted_by: null } : {}),
    ...(body.password !== undefined ? { password: await hashPassword(body.password) } : {}),
  }).catch(writeFailed(userId));
  if (body.password !== undefined)
    await endSessionsOf(db, userId, caller.id === userId ? rules.keepSession : undefined);
  await writeEvent(db, {
    user_id: caller.id,
    object_type: 'user',
    object_id: userId,
    description: `User ${updated.username} updated`,
  });
}

export async function setPassword(
  db: Db,
  caller: Caller,
  userId: number,
  password: string,
  rules: PasswordRules,
): Promise<void> {
  const user = await getUser(db, caller, userId);
  if (user.external)
    throw new BadRequestError(`user ${user.username} is external (LDAP/OIDC); the password is managed there`);
  requireLength(password, rules);
  await updateUserRow(db, userId, { password: await hashPassword(password) }).catch(writeFailed(userId));
  await endSessionsOf(db, userId, caller.id === userId ? rules.keepSession : undefined);
  await writeEvent(db, {
    user_id: caller.id,
    object_type: 'user',
    object_id: userId,
    description: `Password of user ${user.username} changed`,
  });
}

/**
 * Deletes an account with its sessions, tokens and memberships. Refused for one's own account and
 * for the last owner of a project, which would leave that project without anyone to run its team.
 */
export async function deleteUser(db: Db, caller: Caller, userId: number): Promise<void> {
  const user = await getUser(db, caller, userId);
  if (caller.id === userId) throw new ForbiddenError('you cannot delete your own account');
  const deletion = await deleteUserUnlessLastOwner(db, userId);
  if (deletion.outcome === 'last_owner') {
    const { project } = deletion;
    throw new BadRequestError(
      `user ${user.username} is the last owner of project ${project.id} (${project.name}); make someone else owner first`,
    );
  }
  if (deletion.outcome === 'missing') throw new NotFoundError(`user ${userId} not found`);
  await writeEvent(db, {
    user_id: caller.id,
    object_type: 'user',
    object_id: userId,
    description: `User ${user.username} deleted`,
  });
}

/** GET /api/user: the caller's own account. */
export async function currentUser(db: Db, caller: Caller) {
  const user = await findUser(db, caller.id);
  if (!user) throw new NotFoundError('user not found');
  return user;
}
