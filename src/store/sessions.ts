// Cookie sessions: the database keeps a session's id and the SHA-256 of its token.
import type { Db } from './db.ts';

export async function insertSession(
  db: Db,
  session: {
    user_id: number;
    ip: string;
    user_agent: string;
    token_hash: string;
    verification_method?: number;
    verified?: boolean;
  },
): Promise<number> {
  return (await db.session.create({ data: session })).id;
}

/** The session with its user, or null. */
export async function findSession(db: Db, sessionId: number) {
  return db.session.findUnique({ where: { id: sessionId }, include: { user: true } });
}

export async function touchSession(db: Db, sessionId: number, at: Date): Promise<void> {
  await db.session.update({ where: { id: sessionId }, data: { last_active: at } });
}

/** Ends the session; like any update of a missing row, throws when it is gone. */
export async function expireSessionRow(db: Db, sessionId: number): Promise<void> {
  await db.session.update({ where: { id: sessionId }, data: { expired: true } });
}

/** Ends the session if there is one with this id; answers nothing either way. */
export async function expireSessionIfAny(db: Db, sessionId: number): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId }, data: { expired: true } });
}

/** Ends every live session of a user but `keep`; answers how many it ended. */
export async function expireSessionsOf(db: Db, userId: number, keep?: number): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { user_id: userId, expired: false, ...(keep !== undefined ? { NOT: { id: keep } } : {}) },
    data: { expired: true },
  });
  return count;
}

/** Marks a session that awaits its second factor as verified; true when this call did. */
export async function verifySessionRow(db: Db, sessionId: number): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, verified: false, expired: false },
    data: { verified: true },
  });
  return count === 1;
}
