// Checking a username and password against an LDAP directory (semaphore-behaviour.md §4.4) with
// the ldapts client: bind as the service account, find exactly one entry with ldap_searchfilter,
// bind as that entry with the password, read its attributes and groups.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError } from 'ldapts';
import type { LdapSettings } from '../config/settings/ldap.ts';
import { type Attributes, attributesOf, connectionPlan, fillFilter, groupNames, mappedNames } from './ldap-queries.ts';

export type DirectoryAnswer =
  | { outcome: 'found'; attributes: Attributes; groups: string[] }
  | { outcome: 'refused'; reason: 'empty password' | 'unknown user' | 'wrong password' }
  /** More than one entry matches: the directory cannot say who this is. */
  | { outcome: 'ambiguous'; count: number };

/** The directory could not be asked: not reachable, TLS refused, or the service account's bind failed. */
export class DirectoryUnavailableError extends Error {}

function tlsOptions(s: LdapSettings): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: !s.ldap_skip_verify };
  if (s.ldap_ca_file) {
    try {
      options.ca = readFileSync(s.ldap_ca_file);
    } catch (err) {
      throw new DirectoryUnavailableError(`ldap_ca_file ${s.ldap_ca_file} cannot be read: ${(err as Error).message}`);
    }
  }
  return options;
}

/** Which step failed, in words that never carry the passwords. */
async function step<T>(what: string, server: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DirectoryUnavailableError) throw err;
    const detail = err instanceof InvalidCredentialsError ? 'invalid credentials' : (err as Error).message;
    throw new DirectoryUnavailableError(`LDAP server ${server}: ${what} failed: ${detail}`);
  }
}

/** Asks the directory whether `password` is `username`'s; reads the attributes `mappings` name. */
export async function checkDirectoryLogin(
  s: LdapSettings,
  username: string,
  password: string,
): Promise<DirectoryAnswer> {
  // An empty password makes a simple bind "unauthenticated" (RFC 4513 §5.1.2), which servers accept.
  if (password === '') return { outcome: 'refused', reason: 'empty password' };
  const plan = connectionPlan(s.ldap_server, s.ldap_needtls);
  const timeout = s.ldap_timeout_sec * 1000;
  const tls = tlsOptions(s);
  // ldapts dials TLS whenever tlsOptions are given, so an ldap:// connection gets none (StartTLS takes its own).
  const ldaps = /^ldaps:/i.test(plan.url);
  const client = new Client({
    url: plan.url,
    timeout,
    connectTimeout: timeout,
    strictDN: false,
    ...(ldaps ? { tlsOptions: tls } : {}),
  });
  const server = plan.url + (plan.startTls ? ' (StartTLS)' : '');
  try {
    if (plan.startTls) await step('StartTLS', server, () => client.startTLS(tls));
    const bindService = () =>
      s.ldap_binddn
        ? step('the service account bind (ldap_binddn)', server, () => client.bind(s.ldap_binddn, s.ldap_bindpassword))
        : Promise.resolve();
    await bindService();
    const m = s.ldap_mappings;
    const wanted = [m.mail, m.uid, m.cn, m.dn].flatMap(mappedNames).filter((a) => a.toLowerCase() !== 'dn');
    const useGroupSearch = s.ldap_group_searchdn !== '';
    const attributes = [...new Set([...wanted, ...(useGroupSearch ? [] : [s.ldap_group_attribute])])];
    const { searchEntries } = await step('the user search', server, () =>
      client.search(s.ldap_searchdn, { scope: 'sub', filter: fillFilter(s.ldap_searchfilter, username), attributes }),
    );
    if (searchEntries.length === 0) return { outcome: 'refused', reason: 'unknown user' };
    if (searchEntries.length > 1) return { outcome: 'ambiguous', count: searchEntries.length };
    const entry = searchEntries[0];
    try {
      await client.bind(entry.dn, password);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return { outcome: 'refused', reason: 'wrong password' };
      throw new DirectoryUnavailableError(`LDAP server ${server}: the user's bind failed: ${(err as Error).message}`);
    }
    const attrs = attributesOf(entry);
    let groups: string[];
    if (useGroupSearch) {
      await bindService();
      const found = await step('the group search', server, () =>
        client.search(s.ldap_group_searchdn, {
          scope: 'sub',
          filter: fillFilter(s.ldap_group_searchfilter, entry.dn),
          attributes: ['cn'],
        }),
      );
      groups = groupNames(found.searchEntries.map((g) => g.dn));
    } else {
      groups = groupNames(attrs.get(s.ldap_group_attribute.toLowerCase()) ?? []);
    }
    return { outcome: 'found', attributes: attrs, groups };
  } catch (err) {
    if (err instanceof DirectoryUnavailableError) throw err;
    throw new DirectoryUnavailableError(`LDAP server ${server}: ${(err as Error).message}`);
  } finally {
    await client.unbind().catch(() => {});
  }
}
