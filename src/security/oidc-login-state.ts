// What an OpenID Connect sign-in must remember between sending the browser to the provider and its
// return (state, nonce, PKCE verifier, where to go afterwards) travels in a short-lived cookie,
// sealed with AES-GCM under a key derived from the access-key encryption key: the browser can neither
// read nor alter it, and one provider's cookie does not open another's sign-in. Nothing is kept
// on the server, so any API process of the installation may finish a sign-in another one began.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface OidcLoginState {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  /** The path on this server to land on afterwards ('' for the home page). */
  redirectPath: string;
}

/** How long a sign-in at the provider may take. */
export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;
const NONCE = 12;
const TAG = 16;

/** The sealing key: its own, derived from the installation's key (or random for this process when there is none). */
export function loginStateKey(encryptionKey: Buffer | null): Buffer {
  const base = encryptionKey ?? processKey;
  return Buffer.from(hkdfSync('sha256', base, Buffer.alloc(0), 'signalman oidc login state v1', 32));
}
const processKey = randomBytes(32);

const boundTo = (provider: string) => Buffer.from(`oidc login state; provider ${provider}`, 'utf8');

export function sealLoginState(value: OidcLoginState, key: Buffer, now = Date.now()): string {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(boundTo(value.provider));
  const plain = JSON.stringify({ ...value, expires: now + LOGIN_STATE_TTL_MS });
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** The state sealed for `provider` with `key` and not yet expired; null for anything else. */
export function openLoginState(sealed: string, provider: string, key: Buffer, now = Date.now()): OidcLoginState | null {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < NONCE + TAG + 2) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE));
    decipher.setAAD(boundTo(provider));
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    const plain = Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]);
    const value = JSON.parse(plain.toString('utf8')) as OidcLoginState & { expires: number };
    if (value.provider !== provider || !(value.expires > now)) return null;
    return {
      provider: value.provider,
      state: value.state,
      nonce: value.nonce,
      verifier: value.verifier,
      redirectPath: value.redirectPath,
    };
  } catch {
    return null;
  }
}
