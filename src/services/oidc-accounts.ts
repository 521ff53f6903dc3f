// The account an OpenID Connect sign-in opens (semaphore-behaviour.md §2.2 item 5, §4.5): found by
// e-mail only; created as an external user when there is none; refused when the e-mail belongs to a
// local user who signs in with a password (else anyone who controls that address at a provider
// would take the account over).
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { isUniqueViolation } from '../store/errors.ts';
import { findUserByEmail, insertUser, userHolding } from '../store/users.ts';
import { type Claims, claimValue } from '../domain/oidc-claims.ts';
import type { OidcProvider } from '../config/settings/oidc.ts';
import { ForbiddenError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

/** Who the provider says signed in, read through the provider's claim settings. */
export interface OidcIdentity {
  email: string;
  username?: string;
  name?: string;
}

export function identityOf(
  claims: Claims,
  provider: Pick<OidcProvider, 'email_claim' | 'username_claim' | 'name_claim'>,
): OidcIdentity {
  const email = claimValue(claims, provider.email_claim)?.toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new ForbiddenError(`the provider sent no e-mail address in the claim "${provider.email_claim}"`);
  }
  if (claims.email_verified === false) {
    throw new ForbiddenError(`the provider says the e-mail address ${email} is not verified`);
  }
  return {
    email,
    username: claimValue(claims, provider.username_claim)?.toLowerCase().replace(/\s+/g, '_'),
    name: claimValue(claims, provider.name_claim),
  };
}

const randomName = () => `oidc-${randomBytes(6).toString('hex')}`;

/** The user this identity signs in as, created (external) at their first sign-in. */
export async function accountFor(db: Db, providerId: string, identity: OidcIdentity): Promise<Caller> {
  const found = await findUserByEmail(db, identity.email);
  if (found) {
    if (!found.external) {
      throw new ForbiddenError(
        `the account with the e-mail address ${identity.email} signs in with a password, not through ${providerId}`,
      );
    }
    return { id: found.id, admin: found.admin, username: found.username };
  }
  let username = (identity.username ?? randomName()).slice(0, 255);
  if (await userHolding(db, { username })) username = `${username.slice(0, 240)}-${randomBytes(3).toString('hex')}`;
  try {
    const user = await insertUser(db, {
      username,
      name: identity.name ?? username,
      email: identity.email,
      password: '', // external: password login is refused
      external: true,
    });
    await writeEvent(db, {
      user_id: user.id,
      object_type: 'user',
      object_id: user.id,
      description: `User ${user.username} created at their first sign-in through ${providerId}`,
    });
    return { id: user.id, admin: user.admin, username: user.username };
  } catch (err) {
    // Two sign-ins of the same new user at once: the other one created it.
    if (!isUniqueViolation(err)) throw err;
    const raced = await findUserByEmail(db, identity.email);
    if (!raced?.external) throw new ForbiddenError(`the e-mail address ${identity.email} is taken`);
    return { id: raced.id, admin: raced.admin, username: raced.username };
  }
}
