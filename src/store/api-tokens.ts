// API tokens: rows keyed by the token's digest, with the prefix that listings show.
import type { Db } from './db.ts';

/** The token with its user, or null. */
export async function findTokenByDigest(db: Db, digest: string) {
  return db.apiToken.findUnique({ where: { id: digest }, include: { user: true } });
}

export async function userHasTokenPrefix(db: Db, userId: number, prefix: string): Promise<boolean> {
  return (await db.apiToken.findFirst({ where: { user_id: userId, prefix }, select: { id: true } })) !== null;
}

export async function insertToken(db: Db, token: { id: string; prefix: string; user_id: number }) {
  return db.apiToken.create({ data: token });
}

export async function findTokensOf(db: Db, userId: number) {
  return db.apiToken.findMany({ where: { user_id: userId }, orderBy: { created: 'asc' } });
}

/** The ids (digests) of the user's tokens named by their digest or by their prefix. */
export async function findTokenIds(
  db: Db,
  userId: number,
  named: { id: string } | { prefix: string },
): Promise<string[]> {
  const rows = await db.apiToken.findMany({ where: { ...named, user_id: userId }, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function expireToken(db: Db, userId: number, tokenId: string): Promise<void> {
  await db.apiToken.updateMany({ where: { id: tokenId, user_id: userId }, data: { expired: true } });
}

/** Ids of tokens stored in plain text: those without a prefix. */
export async function findPlainTokenIds(db: Db): Promise<string[]> {
  return (await db.apiToken.findMany({ where: { prefix: '' }, select: { id: true } })).map((r) => r.id);
}

/** Replaces a plain token by its digest and prefix, while it is still plain; true when this call did. */
export async function replacePlainToken(
  db: Db,
  plain: string,
  hashed: { id: string; prefix: string },
): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id: plain, prefix: '' }, data: hashed });
  return count === 1;
}
