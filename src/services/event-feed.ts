// Reading the activity log (semaphore-behaviour.md §1.19): which events a caller may see, newest
// first, with the names of the user, project and object they are about.
import type { Db } from '../store/db.ts';
import { findEvents, findProjectEvents, objectNames } from '../store/events.ts';
import { projectIdsOfMember } from '../store/project-users.ts';
import type { EventRow } from '../store/rows.ts';
import type { Caller } from './permissions.ts';

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
  const scope = caller.admin ? null : { projectIds: await projectIdsOfMember(db, caller.id), userId: caller.id };
  return withNames(db, await findEvents(db, scope, limit));
}

export async function projectEvents(db: Db, projectId: number, limit?: number): Promise<EventWithNames[]> {
  return withNames(db, await findProjectEvents(db, projectId, limit));
}

const distinct = (values: Array<number | null>): number[] => [
  ...new Set(values.filter((v): v is number => v !== null)),
];

async function withNames(db: Db, events: EventRow[]): Promise<EventWithNames[]> {
  const users = (await objectNames(db, 'user', distinct(events.map((e) => e.user_id)))) ?? [];
  const projects = (await objectNames(db, 'project', distinct(events.map((e) => e.project_id)))) ?? [];
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));

  const names = new Map<string, string>();
  for (const type of new Set(events.map((e) => e.object_type))) {
    const ids = distinct(events.filter((e) => e.object_type === type).map((e) => e.object_id));
    if (ids.length === 0) continue;
    for (const row of (await objectNames(db, type, ids)) ?? []) names.set(`${type}:${row.id}`, row.name);
  }

  return events.map((e) => ({
    ...e,
    username: e.user_id === null ? null : (userNames.get(e.user_id) ?? null),
    project_name: e.project_id === null ? null : (projectNames.get(e.project_id) ?? null),
    object_name: e.object_id === null ? null : (names.get(`${e.object_type}:${e.object_id}`) ?? null),
  }));
}
