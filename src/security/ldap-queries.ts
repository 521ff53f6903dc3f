// The pure parts of LDAP sign-in (ldap-directory.ts): filter escaping, where to connect and how,
// and reading attributes through ldap_mappings.

/**
 * A value escaped for an LDAP search filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become
 * \2a \28 \29 \5c \00, so a username can only ever be a literal value, never filter syntax.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The filter with every %s replaced by the escaped value. */
export function fillFilter(filter: string, value: string): string {
  const escaped = escapeFilterValue(value);
  return filter.replaceAll('%s', () => escaped);
}

export interface ConnectionPlan {
  url: string;
  /** Upgrade the plain connection with StartTLS before anything else is sent. */
  startTls: boolean;
}

/**
 * Where and how to connect (README "LDAP sign-in"): an ldaps:// URL is LDAPS; an ldap:// URL is
 * plain, or StartTLS when ldap_needtls; Semaphore's bare host:port is LDAPS when ldap_needtls
 * (Semaphore dials TLS from the first byte then), else plain.
 */
export function connectionPlan(server: string, needTls: boolean): ConnectionPlan {
  const trimmed = server.trim().replace(/\/$/, '');
  const scheme = /^(ldaps?):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'ldaps') return { url: trimmed, startTls: false };
  if (scheme === 'ldap') return { url: trimmed, startTls: needTls };
  return { url: `${needTls ? 'ldaps' : 'ldap'}://${trimmed}`, startTls: false };
}

/** An entry's attributes by lower-cased name, every value as text; `dn` is the entry's DN. */
export type Attributes = Map<string, string[]>;

export function attributesOf(entry: { dn: string } & Record<string, unknown>): Attributes {
  const attrs: Attributes = new Map();
  for (const [name, raw] of Object.entries(entry)) {
    const values = (Array.isArray(raw) ? raw : [raw])
      .map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? v : ''))
      .filter((v) => v !== '');
    attrs.set(name.toLowerCase(), values);
  }
  attrs.set('dn', [entry.dn]);
  return attrs;
}

/** The attribute names a mapping reads: `mail|userPrincipalName` → ['mail', 'userPrincipalName']. */
export function mappedNames(spec: string): string[] {
  return spec
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The first non-empty value of the attributes a mapping names, in order; '' when none has one. */
export function mappedValue(spec: string, attrs: Attributes): string {
  for (const name of mappedNames(spec)) {
    const value = attrs.get(name.toLowerCase())?.find((v) => v.trim() !== '');
    if (value !== undefined) return value.trim();
  }
  return '';
}

/**
 * The names a group goes by in group mappings: its DN as given and the value of its first RDN
 * (`cn=ops,ou=groups,dc=example,dc=org` → that DN and `ops`).
 */
export function groupNames(dns: string[]): string[] {
  const names = new Set<string>();
  for (const dn of dns) {
    names.add(dn);
    const first = /^\s*[^=,]+=((?:\\.|[^,\\])*)/.exec(dn)?.[1];
    if (first) names.add(first.replace(/\\(.)/g, '$1').trim());
  }
  return [...names];
}
