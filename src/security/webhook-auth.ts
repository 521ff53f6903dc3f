// How a webhook request proves that it comes from whom the integration expects (semaphore-behaviour.md
// §4.7): GitHub's X-Hub-Signature-256, an HMAC in a header of the integration's choosing, or a
// shared token. Every comparison takes the same time whatever the guess, so a caller cannot learn
// the secret a byte at a time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface WebhookAuth {
  /** `github`, `hmac`, `token`; empty or `none` checks nothing. */
  method: string;
  /** The header that carries the HMAC or the token (`hmac`, `token`). */
  header: string | null;
  /** The shared secret: the password of the integration's key. */
  secret: string;
}

/** Auth methods that need a secret; the others check nothing. */
export const SECRET_METHODS = new Set(['github', 'hmac', 'token']);

const GITHUB_HEADER = 'x-hub-signature-256';
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Whether `given` is the hex HMAC-SHA256 of `body` under `secret`. */
function isBodyHmac(given: string | undefined, secret: string, body: Buffer): boolean {
  if (!given || !SHA256_HEX.test(given)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/** Equal texts, compared through their digests so that neither the length nor a prefix leaks. */
export function sameText(a: string, b: string): boolean {
  return timingSafeEqual(digest(Buffer.from(a, 'utf8')), digest(Buffer.from(b, 'utf8')));
}

/**
 * Whether a header holds `secret`, byte for byte. Node reads header bytes as Latin-1, so the
 * header's bytes come back that way, and a secret outside ASCII is compared as its UTF-8 bytes.
 */
function headerHolds(header: string, secret: string): boolean {
  return timingSafeEqual(digest(Buffer.from(header, 'latin1')), digest(Buffer.from(secret, 'utf8')));
}

/**
 * Null when the request proves itself, else why not (for the server log: it never holds the
 * secret or what the caller sent). `header(name)` reads a request header by any case of its name.
 */
export function webhookAuthProblem(
  auth: WebhookAuth,
  header: (name: string) => string | undefined,
  body: Buffer,
): string | null {
  if (!auth.method || auth.method === 'none') return null;
  if (!SECRET_METHODS.has(auth.method)) return `unknown auth method "${auth.method}"`;
  // An empty secret would make anyone's HMAC of the body valid.
  if (!auth.secret) return `auth method "${auth.method}" needs a secret, and its key holds none`;
  if (auth.method === 'github') {
    const given = header(GITHUB_HEADER);
    if (!given) return 'no X-Hub-Signature-256 header';
    return given.startsWith('sha256=') && isBodyHmac(given.slice('sha256='.length), auth.secret, body)
      ? null
      : 'X-Hub-Signature-256 does not match the body';
  }
  if (!auth.header) return `auth method "${auth.method}" needs auth_header, and none is set`;
  const given = header(auth.header);
  if (given === undefined) return `no ${auth.header} header`;
  if (auth.method === 'hmac')
    return isBodyHmac(given, auth.secret, body) ? null : `${auth.header} is not the HMAC of the body`;
  return headerHolds(given, auth.secret) ? null : `${auth.header} does not hold the token`;
}
