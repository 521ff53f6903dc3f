// The activity log: one row per change, as Semaphore's EventLog writes them, and the feed's reads.
import type { Db } from './db.ts';
import type { Tx } from './project-lock.ts';
import type { EventRow } from './rows.ts';

export interface NewEvent {
  user_id?: number | null;
  project_id?: number | null;
  integration_id?: number | null;
  object_id?: number | null;
  object_type: string;
  description: string;
}

/** Works inside a transaction too, so that a change and its event are written together. */
export async function insertEvent(db: Db | Tx, event: NewEvent): Promise<void> {
  await db.event.create({ data: { ...event, created: new Date() }, select: { id: true } }); // nothing to read back
}

/** Who may see which events: `null` for everything (administrators). */
export interface EventScope {
  projectIds: number[];
  userId: number;
}

/** Newest first: events of the scope's projects, the user's own actions and changes to their account. */
export async function findEvents(db: Db, scope: EventScope | null, limit?: number): Promise<EventRow[]> {
  const where = scope
    ? {
        OR: [
          { project_id: { in: scope.projectIds } },
          { user_id: scope.userId },
          { object_type: 'user', object_id: scope.userId },
        ],
      }
    : {};
  return db.event.findMany({ where, orderBy: { id: 'desc' }, take: limit });
}

export async function findProjectEvents(db: Db, projectId: number, limit?: number): Promise<EventRow[]> {
  return db.event.findMany({ where: { project_id: projectId }, orderBy: { id: 'desc' }, take: limit });
}

type NameLookup = (db: Db, ids: number[]) => Promise<Array<{ id: number; name: string }>>;

const byName = { id: true, name: true } as const;

/** Where the name of each kind of object an event is about lives. */
const OBJECT_NAMES: Record<string, NameLookup> = {
  project: (db, ids) => db.project.findMany({ where: { id: { in: ids } }, select: byName }),
  user: async (db, ids) =>
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })).map((u) => ({
      id: u.id,
      name: u.username,
    })),
  key: (db, ids) => db.accessKey.findMany({ where: { id: { in: ids } }, select: byName }),
  repository: (db, ids) => db.repository.findMany({ where: { id: { in: ids } }, select: byName }),
  inventory: (db, ids) => db.inventory.findMany({ where: { id: { in: ids } }, select: byName }),
  environment: (db, ids) => db.environment.findMany({ where: { id: { in: ids } }, select: byName }),
  template: (db, ids) => db.template.findMany({ where: { id: { in: ids } }, select: byName }),
  schedule: (db, ids) => db.schedule.findMany({ where: { id: { in: ids } }, select: byName }),
  integration: (db, ids) => db.integration.findMany({ where: { id: { in: ids } }, select: byName }),
  view: async (db, ids) =>
    (await db.view.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } })).map((v) => ({
      id: v.id,
      name: v.title,
    })),
};

/**
 * The names of objects of one `type` (as events' object_type names them), for those that still
 * exist; null for a type that has no names to show.
 */
export async function objectNames(
  db: Db,
  type: string,
  ids: number[],
): Promise<Array<{ id: number; name: string }> | null> {
  const lookup = Object.hasOwn(OBJECT_NAMES, type) ? OBJECT_NAMES[type] : undefined;
  return lookup ? lookup(db, ids) : null;
}
