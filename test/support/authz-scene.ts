// The callers of the authorization matrix: an administrator, one member of each project role, a
// user outside the project and an anonymous caller, each with a client of their own.
import type { ApiClient } from './api-client.ts';
import type { InProcessStack } from './in-process.ts';
import { ProjectObjects } from './project-objects.ts';
import { createApiToken } from '../../src/services/auth.ts';

export const ROLES = ['owner', 'manager', 'task_runner', 'guest'] as const;
export type RoleName = (typeof ROLES)[number];
export const CALLERS = ['admin', ...ROLES, 'outsider', 'anonymous'] as const;
export type CallerKind = (typeof CALLERS)[number];

export interface SceneCaller {
  kind: CallerKind;
  /** null for the anonymous caller. */
  userId: number | null;
  api: ApiClient;
}

export interface Scene {
  objects: ProjectObjects;
  callers: Record<CallerKind, SceneCaller>;
  /** Objects made once per scene and shared by the calls that only read them. */
  shared<T>(name: string, make: () => Promise<T>): Promise<T>;
}

let counter = 0;

/** A user (not an administrator) with an API token, made in the database directly: no bcrypt, no API. */
export async function tokenUser(stack: InProcessStack, prefix: string): Promise<{ id: number; api: ApiClient }> {
  const n = `${process.pid}-${Date.now()}-${++counter}`;
  const user = await stack.db.user.create({
    data: { username: `${prefix}-${n}`, name: `${prefix} ${n}`, email: `${prefix}-${n}@test.invalid`, password: '!' },
  });
  const token = await createApiToken(stack.db, user.id);
  return { id: user.id, api: stack.anonymous.withToken(token.id) };
}

/** A user with `role` in project `projectId`. */
export async function memberOf(
  stack: InProcessStack,
  projectId: number,
  role: RoleName,
): Promise<{ id: number; api: ApiClient }> {
  const user = await tokenUser(stack, role.replace('_', '-'));
  await stack.db.projectUser.create({ data: { project_id: projectId, user_id: user.id, role } });
  return user;
}

/** A new project (made by the administrator, who owns it) with one member of each role and an outsider. */
export async function createScene(stack: InProcessStack, gitUrl: string): Promise<Scene> {
  const objects = await ProjectObjects.create(stack.admin, gitUrl);
  const adminId = (await stack.admin.get('/api/user')).body.id as number;
  const adminToken = await createApiToken(stack.db, adminId);
  const members = await Promise.all(ROLES.map((role) => memberOf(stack, objects.projectId, role)));
  const outsider = await tokenUser(stack, 'outsider');
  const callers = Object.fromEntries<SceneCaller>(
    [
      { kind: 'admin', userId: adminId, api: stack.anonymous.withToken(adminToken.id) },
      ...ROLES.map((role, i) => ({ kind: role, userId: members[i].id, api: members[i].api })),
      { kind: 'outsider', userId: outsider.id, api: outsider.api },
      { kind: 'anonymous', userId: null, api: stack.anonymous },
    ].map((c) => [c.kind, c as SceneCaller]),
  ) as Record<CallerKind, SceneCaller>;
  const cache = new Map<string, Promise<unknown>>();
  return {
    objects,
    callers,
    shared<T>(name: string, make: () => Promise<T>) {
      if (!cache.has(name)) cache.set(name, make());
      return cache.get(name) as Promise<T>;
    },
  };
}
