// Users' TOTP authenticators (user__totp): one per user, its otpauth URL sealed, its recovery code
// as a digest, and the last time step whose code was accepted.
import type { Db } from './db.ts';

export interface StoredTotp {
  id: number;
  user_id: number;
  created: Date;
  /** The otpauth:// URL, sealed with the access-key encryption. */
  url: string;
  recovery_hash: string;
  last_time_step: number | null;
}

export async function findTotpOf(db: Db, userId: number): Promise<StoredTotp | null> {
  return db.userTotp.findUnique({ where: { user_id: userId } });
}

/** Adds the user's authenticator; throws a unique violation when the user has one already. */
export async function insertTotp(
  db: Db,
  row: { user_id: number; url: string; recovery_hash: string },
): Promise<StoredTotp> {
  return db.userTotp.create({ data: row });
}

/** Removes the user's authenticator `id`; answers whether there was one. */
export async function deleteTotp(db: Db, userId: number, id: number): Promise<boolean> {
  const { count } = await db.userTotp.deleteMany({ where: { id, user_id: userId } });
  return count > 0;
}

/**
 * Records that a code of `step` was accepted, unless a code of this step or a later one already
 * was: one conditional update, so two requests racing with the same code cannot both win.
 */
export async function claimTimeStep(db: Db, id: number, step: number): Promise<boolean> {
  const { count } = await db.userTotp.updateMany({
    where: { id, OR: [{ last_time_step: null }, { last_time_step: { lt: step } }] },
    data: { last_time_step: step },
  });
  return count === 1;
}

/** Removes the authenticator if its recovery code digest is still `hash`; true when this call did. */
export async function consumeRecoveryHash(db: Db, id: number, hash: string): Promise<boolean> {
  const { count } = await db.userTotp.deleteMany({ where: { id, recovery_hash: hash } });
  return count === 1;
}
