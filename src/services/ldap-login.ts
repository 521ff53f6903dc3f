// Sign-in through LDAP (semaphore-behaviour.md §2.2 item 1, §4.4): the directory checks the
// password; the user is then found, or created as external with a lower-cased username, and the
// directory's groups are applied through the group mappings (group-roles.ts).
import { type LdapSettings, ldapSettingsProblems } from '../config/settings/ldap.ts';
import { checkDirectoryLogin, DirectoryUnavailableError } from '../security/ldap-directory.ts';
import { mappedValue } from '../security/ldap-queries.ts';
import type { Db } from '../store/db.ts';
import { isUniqueViolation } from '../store/errors.ts';
import { findUserByUsername, insertUser, updateUser, userHolding } from '../store/users.ts';
import { AppError, ForbiddenError } from './errors.ts';
import { writeEvent } from './events.ts';
import { applyGroupRoles } from './group-roles.ts';

/** The directory could not be asked: 503, naming the step that failed (never a password). */
export class LdapUnavailableError extends AppError {
  constructor(message: string) {
    super(503, `sign-in through LDAP is unavailable: ${message}`);
  }
}

export type LdapLogin =
  | { outcome: 'signed_in'; userId: number }
  /** The directory does not know this user, or not with this password: the local path decides. */
  | { outcome: 'not_signed_in'; reason: string };

export interface LdapLoginOptions {
  log?: (message: string) => void;
}

/** Tries `name` and `password` against the directory. Throws LdapUnavailableError when it cannot be asked. */
export async function ldapLogin(
  db: Db,
  s: LdapSettings,
  name: string,
  password: string,
  options: LdapLoginOptions = {},
): Promise<LdapLogin> {
  const log = options.log ?? ((m: string) => console.warn(`[ldap] ${m}`));
  const problems = ldapSettingsProblems(s);
  if (problems.length > 0) throw new LdapUnavailableError(problems.join('; '));
  let answer: Awaited<ReturnType<typeof checkDirectoryLogin>>;
  try {
    answer = await checkDirectoryLogin(s, name, password);
  } catch (err) {
    if (err instanceof DirectoryUnavailableError) throw new LdapUnavailableError(err.message);
    throw err;
  }
  if (answer.outcome === 'ambiguous') {
    log(`${answer.count} entries match ldap_searchfilter for one username; refusing the sign-in`);
    return { outcome: 'not_signed_in', reason: 'ambiguous' };
  }
  if (answer.outcome === 'refused') return { outcome: 'not_signed_in', reason: answer.reason };

  const m = s.ldap_mappings;
  const username = (mappedValue(m.uid, answer.attributes) || name).toLowerCase();
  const email = mappedValue(m.mail, answer.attributes) || `${username}@ldap.invalid`;
  const fullName = mappedValue(m.cn, answer.attributes) || username;
  const userId = await findOrCreate(db, { username, email, name: fullName });
  await applyGroupRoles(db, { id: userId }, 'ldap', answer.groups, s.ldap_group_mappings, { log });
  return { outcome: 'signed_in', userId };
}

async function findOrCreate(db: Db, who: { username: string; email: string; name: string }): Promise<number> {
  const taken = () =>
    new ForbiddenError(
      `sign-in through LDAP refused: the username ${who.username} or e-mail ${who.email} belongs to a local account`,
    );
  const user = await findUserByUsername(db, who.username);
  if (user) {
    if (!user.external) throw taken();
    // Keep name and e-mail as the directory has them, unless another account holds that e-mail.
    if ((user.name !== who.name || user.email !== who.email) && !(await userHolding(db, { email: who.email }, user.id)))
      await updateUser(db, user.id, { name: who.name, email: who.email }).catch(() => {});
    return user.id;
  }
  if (await userHolding(db, { email: who.email })) throw taken();
  const created = await insertUser(db, { ...who, password: '', external: true, admin: false, alert: false }).catch(
    (err) => {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    },
  );
  await writeEvent(db, {
    user_id: null,
    object_type: 'user',
    object_id: created.id,
    description: `User ${created.username} created at their first sign-in through LDAP`,
  });
  return created.id;
}
