// Logins, cookie sessions and API tokens (semaphore-behaviour.md §2.2, §4.3).
import type { Db } from '../store/db.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import { newApiToken, newSecret, sha256 } from '../security/tokens.ts';
import { NotFoundError, UnauthorizedError } from './errors.ts';
import type { Caller } from './permissions.ts';

export const SESSION_COOKIE = 'semaphore';
const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export async function login(db: Db, auth: string, password: string): Promise<Caller> {
  const name = auth.trim().toLowerCase();
  const user = await db.user.findFirst({ where: { OR: [{ username: name }, { email: name }] } });
  // Compare against a dummy hash when the user is unknown, so timing does not reveal usernames.
  const ok = await verifyPassword(password, user?.password ?? (await dummyHash()));
  if (!user || user.external || !ok) throw new UnauthorizedError('wrong username or password');
  return { id: user.id, admin: user.admin, username: user.username };
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newSecret()));

export async function createSession(db: Db, userId: number, ip: string, userAgent: string): Promise<string> {
  const token = newSecret();
  const session = await db.session.create({
    data: { user_id: userId, ip: ip.slice(0, 39), user_agent: userAgent.slice(0, 500), token_hash: sha256(token) },
  });
  return `${session.id}.${token}`;
}

export async function callerFromSession(db: Db, cookie: string): Promise<Caller | null> {
  const [idText, token] = cookie.split('.', 2);
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || !token) return null;
  const session = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!session || session.expired || session.token_hash !== sha256(token)) return null;
  const now = Date.now();
  if (now - session.last_active.getTime() > SESSION_IDLE_MS) {
    await db.session.update({ where: { id }, data: { expired: true } });
    return null;
  }
  if (now - session.last_active.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({ where: { id }, data: { last_active: new Date(now) } });
  }
  return { id: session.user.id, admin: session.user.admin, username: session.user.username };
}

export async function expireSession(db: Db, cookie: string): Promise<void> {
  const id = Number(cookie.split('.', 1)[0]);
  if (Number.isSafeInteger(id)) await db.session.updateMany({ where: { id }, data: { expired: true } });
}

export async function callerFromToken(db: Db, token: string): Promise<Caller | null> {
  const row = await db.apiToken.findUnique({ where: { id: token.trim().toLowerCase() }, include: { user: true } });
  if (!row || row.expired) return null;
  return { id: row.user.id, admin: row.user.admin, username: row.user.username };
}

export async function createApiToken(db: Db, userId: number) {
  return db.apiToken.create({ data: { id: newApiToken(), user_id: userId } });
}

export async function listApiTokens(db: Db, userId: number) {
  return db.apiToken.findMany({ where: { user_id: userId }, orderBy: { created: 'asc' } });
}

export async function expireApiToken(db: Db, userId: number, tokenId: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id: tokenId, user_id: userId }, data: { expired: true } });
  if (count === 0) throw new NotFoundError(`API token not found`);
}

/** Creates the first admin when no user exists. Returns the generated password, if any. */
export async function ensureAdmin(db: Db, password: string | undefined, generate: () => string): Promise<{ created: boolean; password?: string }> {
  if ((await db.user.count()) > 0) return { created: false };
  const plain = password ?? generate();
  try {
    await db.user.create({
      data: { username: 'admin', name: 'Administrator', email: 'admin@localhost', admin: true, password: await hashPassword(plain) },
    });
  } catch {
    return { created: false }; // another server created it first
  }
  return { created: true, password: password ? undefined : plain };
}
