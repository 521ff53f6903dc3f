// The activity log: one row per change, as Semaphore's EventLog writes them.
import type { Db } from '../store/db.ts';
import { insertEvent, type NewEvent } from '../store/events.ts';
import type { Tx } from '../store/project-lock.ts';

export type { NewEvent } from '../store/events.ts';

export async function writeEvent(db: Db | Tx, event: NewEvent): Promise<void> {
  await insertEvent(db, event);
}
