// Reading the activity log (semaphore-behaviour.md §1.19): which events a caller may see, newest
// first, with the names of the user, project and object they are about.
import type { Db } from '../store/db.ts';
import type { Caller } from './permissions.ts';

type EventRow = Awaited<ReturnType<Db['event']['findMany']>>[number];

export interface EventWithNames extends EventRow {
  username: string | null;
  project_name: string | null;
  object_name: string | null;
}

/** `/events/last` shows this many. */
export const LAST_EVENTS = 200;

/**
 * Events of the projects the caller is a member of, the caller's own actions and changes to the
 * caller's account. Administrators see every event.
 */
export async function callerEvents(db: Db, caller: Caller, limit?: number): Promise<EventWithNames[]> {
  let where = {};
  if (!caller.admin) {
    const memberships = await db.projectUser.findMany({ where: { user_id: caller.id }, select: { project_id: true } });
    where = {
      OR: [
        { project_id: { in: memberships.map((m) => m.project_id) } },
        { user_id: caller.id },
        { object_type: 'user', object_id: caller.id },
      ],
    };
  }
  return withNames(db, await db.event.findMany({ where, orderBy: { id: 'desc' }, take: limit }));
}

export async function projectEvents(db: Db, projectId: number, limit?: number): Promise<EventWithNames[]> {
  return withNames(
    db,
    await db.event.findMany({ where: { project_id: projectId }, orderBy: { id: 'desc' }, take: limit }),
  );
}

type NameLookup = (db: Db, ids: number[]) => Promise<Array<{ id: number; name: string }>>;

const byName = { id: true, name: true } as const;

/** Where the name of each kind of object lives; objects deleted since have no name. */
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

const distinct = (values: Array<number | null>): number[] => [
  ...new Set(values.filter((v): v is number => v !== null)),
];

async function withNames(db: Db, events: EventRow[]): Promise<EventWithNames[]> {
  const users = await OBJECT_NAMES.user(db, distinct(events.map((e) => e.user_id)));
  const projects = await OBJECT_NAMES.project(db, distinct(events.map((e) => e.project_id)));
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));

  const objectNames = new Map<string, string>();
  for (const type of new Set(events.map((e) => e.object_type))) {
    const lookup = OBJECT_NAMES[type];
    const ids = distinct(events.filter((e) => e.object_type === type).map((e) => e.object_id));
    if (!lookup || ids.length === 0) continue;
    const rows = await lookup(db, ids);
    for (const row of rows) objectNames.set(`${type}:${row.id}`, row.name);
  }

  return events.map((e) => ({
    ...e,
    username: e.user_id === null ? null : (userNames.get(e.user_id) ?? null),
    project_name: e.project_id === null ? null : (projectNames.get(e.project_id) ?? null),
    object_name: e.object_id === null ? null : (objectNames.get(`${e.object_type}:${e.object_id}`) ?? null),
  }));
}
