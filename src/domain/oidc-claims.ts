// Reading an OpenID Connect user's claims as Semaphore's settings describe them (§4.5), and where a
// finished sign-in may send the browser.

export type Claims = Record<string, unknown>;

/**
 * The value of a claim setting: claim names separated by `|`, the first that holds a non-empty
 * string wins (an integral number counts, as text). Undefined when none does.
 */
export function claimValue(claims: Claims, setting: string): string | undefined {
  for (const name of setting.split('|')) {
    const value = claims[name.trim()];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  }
  return undefined;
}

/** The groups in `claim`: an array of strings, or a single string; anything else is no group. */
export function groupsOf(claims: Claims, claim: string | undefined): string[] {
  if (!claim) return [];
  const value = claims[claim];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string' && g !== '');
  return [];
}

/**
 * Where to land after signing in: a path on this server, as `/<path>`. Whatever the caller asked
 * for stays on this origin: leading slashes are dropped (`//evil.example` is the path
 * `/evil.example`), and text a browser could read as another host (backslashes, control
 * characters, which browsers drop) gives the home page.
 */
export function landingPath(requested: string | undefined): string {
  if (!requested) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(requested) || requested.length > 2000) return '/';
  const path = requested.replace(/^[/.]+/, '');
  let encoded: string;
  try {
    encoded = encodeURI(path);
  } catch {
    return '/'; // a lone surrogate
  }
  const target = new URL(`/${encoded}`, 'http://own.invalid');
  if (target.origin !== 'http://own.invalid') return '/';
  // `a/../..//x` resolves to the path `//x`: one leading slash, so that no browser reads a host in it.
  return target.pathname.replace(/^\/+/, '/') + target.search + target.hash;
}

/** `landingPath` under the public address (web_host), or as a path on this server when there is none. */
export function landingUrl(webHost: string, requested: string | undefined): string {
  const path = landingPath(requested);
  return webHost ? `${webHost.replace(/\/+$/, '')}${path}` : path;
}
