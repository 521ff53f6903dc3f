// Settings of sign-in through LDAP (semaphore-behaviour.md §4.4, §8.1), keys as in Semaphore's
// config.json, plus Signalman's additions: certificate checks, group mappings and group lookup.
//
// How the connection is made (README "LDAP sign-in"):
//   ldap_server "ldaps://host[:636]"                       → LDAPS (TLS from the first byte)
//   ldap_server "ldap://host[:389]" + ldap_needtls true    → StartTLS on the plain connection
//   ldap_server "ldap://host[:389]"                        → plain, no TLS
//   ldap_server "host:port" (Semaphore's form)             → LDAPS when ldap_needtls, else plain,
//                                                            as Semaphore dials it
// Unlike Semaphore, TLS certificates are verified (against ldap_ca_file when set, else the
// system's CAs) unless ldap_skip_verify is true.
import { z } from 'zod';
import { groupMappings } from '../../contracts/group-mappings.ts';

const SERVER = /^(?:ldaps?:\/\/)?(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?\/?$/;

export const ldapSettings = {
  ldap_enable: z
    .boolean()
    .default(false)
    .meta({ env: 'SEMAPHORE_LDAP_ENABLE', description: 'Sign in through LDAP, tried before local passwords.' }),
  ldap_server: z
    .string()
    .default('')
    .refine((s) => s === '' || SERVER.test(s), {
      message: 'ldap_server must be host:port, ldap://host[:port] or ldaps://host[:port]',
    })
    .meta({
      env: 'SEMAPHORE_LDAP_SERVER',
      description: 'The directory server: host:port (Semaphore form), ldap://host[:port] or ldaps://host[:port].',
    }),
  ldap_needtls: z.boolean().default(false).meta({
    env: 'SEMAPHORE_LDAP_NEEDTLS',
    description: 'Use TLS: StartTLS for an ldap:// server, LDAPS for a host:port server (as Semaphore).',
  }),
  ldap_skip_verify: z.boolean().default(false).meta({
    env: 'SEMAPHORE_LDAP_SKIP_VERIFY',
    description: "Accept any TLS certificate from the LDAP server (Semaphore's behaviour; insecure).",
  }),
  ldap_ca_file: z.string().default('').meta({
    env: 'SEMAPHORE_LDAP_CA_FILE',
    description: "A PEM file of CA certificates to trust for the LDAP server's certificate (else the system's).",
  }),
  ldap_binddn: z
    .string()
    .default('')
    .meta({ env: 'SEMAPHORE_LDAP_BIND_DN', description: 'DN of the service account that searches for users.' }),
  ldap_bindpassword: z.string().default('').meta({
    env: 'SEMAPHORE_LDAP_BIND_PASSWORD',
    secret: true,
    description: 'Password of the service account.',
  }),
  ldap_searchdn: z
    .string()
    .default('')
    .meta({ env: 'SEMAPHORE_LDAP_SEARCH_DN', description: 'Base DN under which users are searched (subtree).' }),
  ldap_searchfilter: z
    .string()
    .default('(uid=%s)')
    .refine((f) => f.includes('%s'), {
      message: 'ldap_searchfilter must contain %s, where the (escaped) username goes, e.g. (uid=%s)',
    })
    .meta({
      env: 'SEMAPHORE_LDAP_SEARCH_FILTER',
      description: 'Filter that finds one user; %s is the username, escaped as RFC 4515 says.',
    }),
  ldap_mappings: z
    .object({
      dn: z
        .string()
        .default('dn')
        .meta({ env: 'SEMAPHORE_LDAP_MAPPING_DN', description: "Attribute holding the user's DN." }),
      mail: z.string().default('mail').meta({
        env: 'SEMAPHORE_LDAP_MAPPING_MAIL',
        description: 'Attribute(s) for the e-mail, a|b: first non-empty.',
      }),
      uid: z.string().default('uid').meta({
        env: 'SEMAPHORE_LDAP_MAPPING_UID',
        description: 'Attribute(s) for the username, a|b: first non-empty.',
      }),
      cn: z.string().default('cn').meta({
        env: 'SEMAPHORE_LDAP_MAPPING_CN',
        description: 'Attribute(s) for the full name, a|b: first non-empty.',
      }),
    })
    .prefault({}),
  ldap_group_mappings: groupMappings.default([]).meta({
    env: 'SEMAPHORE_LDAP_GROUP_MAPPINGS',
    description: 'JSON list of {group, admin?, project?, role?}: directory groups granting admin or project roles.',
  }),
  ldap_group_attribute: z.string().default('memberOf').meta({
    env: 'SEMAPHORE_LDAP_GROUP_ATTRIBUTE',
    description: "The user entry's attribute listing their groups' DNs (when no group search is set).",
  }),
  ldap_group_searchdn: z.string().default('').meta({
    env: 'SEMAPHORE_LDAP_GROUP_SEARCH_DN',
    description: 'Base DN to search for groups instead of reading the group attribute; empty: no search.',
  }),
  ldap_group_searchfilter: z
    .string()
    .default('(|(member=%s)(uniqueMember=%s))')
    .refine((f) => f.includes('%s'), {
      message: "ldap_group_searchfilter must contain %s, where the user's (escaped) DN goes",
    })
    .meta({
      env: 'SEMAPHORE_LDAP_GROUP_SEARCH_FILTER',
      description: "Filter for the group search; %s is the user's DN, escaped.",
    }),
  ldap_timeout_sec: z
    .number()
    .int()
    .min(1, 'ldap_timeout_sec must be at least 1')
    .max(300, 'ldap_timeout_sec must be at most 300')
    .default(10)
    .meta({
      env: 'SEMAPHORE_LDAP_TIMEOUT_SEC',
      description: 'Seconds to wait for the LDAP server to connect or answer one request.',
    }),
};

export const ldapSettingsSchema = z.object(ldapSettings);
export type LdapSettings = z.infer<typeof ldapSettingsSchema>;

/** What is missing for LDAP sign-in to work, when it is enabled (checked at start-up and at sign-in). */
export function ldapSettingsProblems(s: LdapSettings): string[] {
  if (!s.ldap_enable) return [];
  const problems: string[] = [];
  if (!s.ldap_server) problems.push('ldap_server: required when ldap_enable is true');
  if (!s.ldap_searchdn) problems.push('ldap_searchdn: required when ldap_enable is true');
  return problems;
}
