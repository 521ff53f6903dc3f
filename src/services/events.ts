// The activity log: one row per change, as Semaphore's EventLog writes them.
import type { Db } from '../store/db.ts';

export interface NewEvent {
  user_id?: number | null;
  project_id?: number | null;
  integration_id?: number | null;
  object_id?: number | null;
  object_type: string;
  description: string;
}

export async function writeEvent(db: Db, event: NewEvent): Promise<void> {
  await db.event.create({ data: { ...event, created: new Date() }, select: { id: true } }); // nothing to read back
}
