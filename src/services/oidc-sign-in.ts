// A user's return from their OpenID Connect provider: the flow's checks (oidc-flow.ts), then the
// account their claims name (oidc-accounts.ts), and the roles their groups give (group-roles.ts).
import type { Db } from '../store/db.ts';
import type { OidcProvider } from '../config/settings/oidc.ts';
import { finishSignIn, type SignInChecks } from './oidc-flow.ts';
import { accountFor, identityOf } from './oidc-accounts.ts';
import { groupsOf } from '../domain/oidc-claims.ts';
import { applyGroupRoles } from './group-roles.ts';
import type { Caller } from './permissions.ts';

export interface OidcCallback {
  /** The redirect_uri the sign-in began with. */
  redirectUri: string;
  /** The callback's query: code, state, iss (or error). */
  query: URLSearchParams;
  checks: SignInChecks;
}

export async function signInThroughProvider(
  db: Db,
  providerId: string,
  provider: OidcProvider,
  callback: OidcCallback,
): Promise<Caller> {
  const claims = await finishSignIn(providerId, provider, callback.redirectUri, callback.query, callback.checks);
  const user = await accountFor(db, providerId, identityOf(claims, provider));
  // At every sign-in: leaving a group at the provider takes its roles back here.
  await applyGroupRoles(
    db,
    user,
    `oidc:${providerId}`,
    groupsOf(claims, provider.groups_claim),
    provider.group_mappings,
  );
  return user;
}
