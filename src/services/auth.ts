// Logins and cookie sessions (semaphore-behaviour.md §2.2, §4.3); API tokens are in api-tokens.ts.
import type { Db } from '../store/db.ts';
import {
  expireSessionIfAny,
  expireSessionRow,
  expireSessionsOf,
  findSession,
  insertSession,
  touchSession,
} from '../store/sessions.ts';
import { countUsers, findUser, findUserByLogin, insertUser } from '../store/users.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import { newSecret, sha256 } from '../security/tokens.ts';
import { UnauthorizedError } from './errors.ts';
import type { Caller } from './permissions.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { LdapSettings } from '../config/settings/ldap.ts';
import { LdapUnavailableError, ldapLogin } from './ldap-login.ts';

export const SESSION_COOKIE = 'semaphore';
const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

/** A login attempt's throttle and where it came from (src/services/login-throttle.ts). */
export interface LoginGuard {
  throttle: LoginThrottle;
  address: string;
}

/**
 * Semaphore's order (semaphore-behaviour.md §2.2 item 1): with LDAP enabled, the directory is asked
 * first; a user it does not know (or not with this password) goes on to the local password, which
 * external users never have. When the directory cannot be asked, local accounts still sign in with
 * their password (so an administrator is never locked out by an outage); anyone else gets 503.
 */
export async function login(
  db: Db,
  auth: string,
  password: string,
  guard?: LoginGuard,
  ldap?: LdapSettings,
): Promise<Caller> {
  const name = auth.trim().toLowerCase();
  const user = await findUserByLogin(db, name);
  // One counter per account, whether it is named by username or by e-mail; an unknown name is kept
  // as its digest (people type passwords into the name field).
  const keys = { user: user ? `user:${user.id}` : `name:${sha256(name)}`, address: `address:${guard?.address ?? ''}` };
  await guard?.throttle.refuseIfLimited(keys);
  if (ldap?.ldap_enable) {
    const signedIn = await ldapLogin(db, ldap, name, password).catch((err) => {
      if (!(err instanceof LdapUnavailableError && user && !user.external)) throw err;
      console.warn(`[ldap] ${err.message}; ${user.username} signs in with their local password`);
      return null;
    });
    if (signedIn?.outcome === 'signed_in') {
      const found = await findUser(db, signedIn.userId);
      if (found) {
        await guard?.throttle.succeeded(keys);
        return { id: found.id, admin: found.admin, username: found.username };
      }
    }
  }
  // Compare against a dummy hash when the user is unknown, so timing does not reveal usernames.
  const ok = await verifyPassword(password, user?.password ?? (await dummyHash()));
  if (!user || user.external || !ok) {
    await guard?.throttle.failed(keys);
    throw new UnauthorizedError('wrong username or password');
  }
  await guard?.throttle.succeeded(keys);
  return { id: user.id, admin: user.admin, username: user.username };
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newSecret()));

export async function createSession(db: Db, userId: number, ip: string, userAgent: string): Promise<string> {
  const token = newSecret();
  const id = await insertSession(db, {
    user_id: userId,
    ip: ip.slice(0, 39),
    user_agent: userAgent.slice(0, 500),
    token_hash: sha256(token),
  });
  return `${id}.${token}`;
}

export async function callerFromSession(db: Db, cookie: string): Promise<Caller | null> {
  const [idText, token] = cookie.split('.', 2);
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || !token) return null;
  const session = await findSession(db, id);
  if (!session || session.expired || session.token_hash !== sha256(token)) return null;
  const now = Date.now();
  if (now - session.last_active.getTime() > SESSION_IDLE_MS) {
    await expireSessionRow(db, id);
    return null;
  }
  if (now - session.last_active.getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, id, new Date(now));
  }
  return { id: session.user.id, admin: session.user.admin, username: session.user.username };
}

/** The session a cookie names (its id), when it looks like one; says nothing of whether it is valid. */
export function sessionIdOf(cookie: string | undefined): number | undefined {
  const id = Number(cookie?.split('.', 1)[0]);
  return cookie && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Ends every live session of a user but `keep` (the one that changed the password). */
export async function endSessionsOf(db: Db, userId: number, keep?: number): Promise<number> {
  return expireSessionsOf(db, userId, keep);
}

export async function expireSession(db: Db, cookie: string): Promise<void> {
  const id = Number(cookie.split('.', 1)[0]);
  if (Number.isSafeInteger(id)) await expireSessionIfAny(db, id);
}

/** Creates the first admin when no user exists. Returns the generated password, if any. */
export async function ensureAdmin(
  db: Db,
  password: string | undefined,
  generate: () => string,
): Promise<{ created: boolean; password?: string }> {
  if ((await countUsers(db)) > 0) return { created: false };
  const plain = password ?? generate();
  try {
    await insertUser(db, {
      username: 'admin',
      name: 'Administrator',
      email: 'admin@localhost',
      admin: true,
      password: await hashPassword(plain),
    });
  } catch {
    return { created: false }; // another server created it first
  }
  return { created: true, password: password ? undefined : plain };
}

export { callerFromToken, createApiToken, expireApiToken, listApiTokens } from './api-tokens.ts';
