// API tokens (semaphore-behaviour.md §2.3 "Users & tokens"). Unlike Semaphore, which keeps the token
// itself as the row id, Signalman stores only its SHA-256 (a 256-bit random token needs no slow
// hash) and the first characters, which listings show in place of the token. The whole token is
// seen once: in the answer that creates it.
import {
  expireToken,
  findPlainTokenIds,
  findTokenByDigest,
  findTokenIds,
  findTokensOf,
  insertToken,
  replacePlainToken,
  userHasTokenPrefix,
} from '../store/api-tokens.ts';
import type { Db } from '../store/db.ts';
import { newApiToken, sha256 } from '../security/tokens.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { Caller } from './permissions.ts';

/** How many of a token's characters listings show, and `DELETE /api/user/tokens/{id}` accepts. */
export const TOKEN_PREFIX_LENGTH = 8;

/** Tokens are compared lower-cased, as Semaphore compares them. */
export const tokenDigest = (token: string): string => sha256(token.trim().toLowerCase());

/** What a token's creation answers: Semaphore's shape, with the whole token as `id`. */
export interface IssuedApiToken {
  id: string;
  created: Date;
  expired: boolean;
  user_id: number;
}

export async function callerFromToken(db: Db, token: string): Promise<Caller | null> {
  if (!token.trim()) return null;
  const row = await findTokenByDigest(db, tokenDigest(token));
  if (!row || row.expired || !row.prefix) return null;
  return { id: row.user.id, admin: row.user.admin, username: row.user.username };
}

export async function createApiToken(db: Db, userId: number): Promise<IssuedApiToken> {
  // A prefix is unique among one user's tokens, so that it names one token to DELETE.
  for (;;) {
    const token = newApiToken();
    const prefix = token.slice(0, TOKEN_PREFIX_LENGTH);
    if (await userHasTokenPrefix(db, userId, prefix)) continue;
    const row = await insertToken(db, { id: tokenDigest(token), prefix, user_id: userId });
    return { id: token, created: row.created, expired: row.expired, user_id: row.user_id };
  }
}

export async function listApiTokens(db: Db, userId: number) {
  return findTokensOf(db, userId);
}

/**
 * Expires one of the caller's tokens, named by the prefix the listing shows or by the whole token
 * (as Semaphore's clients send it). Another user's token is "not found" either way.
 */
export async function expireApiToken(db: Db, userId: number, tokenId: string): Promise<void> {
  const named = tokenId.trim().toLowerCase();
  const where = named.length > TOKEN_PREFIX_LENGTH ? { id: tokenDigest(named) } : { prefix: named };
  const ids = named ? await findTokenIds(db, userId, where) : [];
  if (ids.length === 0) throw new NotFoundError('token_id: no such API token');
  if (ids.length > 1)
    throw new ConflictError(`token_id: ${ids.length} of your tokens begin with "${named}"; send the whole token`);
  await expireToken(db, userId, ids[0]);
}

/**
 * Start-up step: tokens stored in plain text (by Signalman 0.1.0, or in a database that Semaphore
 * wrote) become their digest and prefix. Idempotent and safe with several servers starting at once:
 * a row is converted only while its prefix is still empty. Returns how many rows it converted.
 */
export async function hashPlainApiTokens(db: Db): Promise<number> {
  let converted = 0;
  for (const id of await findPlainTokenIds(db)) {
    const hashed = { id: tokenDigest(id), prefix: id.trim().toLowerCase().slice(0, TOKEN_PREFIX_LENGTH) };
    if (await replacePlainToken(db, id, hashed)) converted++;
  }
  return converted;
}
