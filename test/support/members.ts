// Project members other than the admin, with an API token each, for permission tests.
import type { ApiClient } from './api-client.ts';
import type { InProcessStack } from './in-process.ts';
import { createApiToken } from '../../src/services/auth.ts';

let counter = 0;

/** A new user with `role` in project `projectId`, and a client that acts as that user. */
export async function memberClient(
  stack: InProcessStack,
  projectId: number,
  role: 'owner' | 'manager' | 'task_runner' | 'guest',
): Promise<ApiClient> {
  const n = `${process.pid}-${Date.now()}-${counter++}`;
  const user = await stack.db.user.create({
    data: { username: `member-${n}`, name: `Member ${n}`, email: `member-${n}@test.invalid`, password: '!' },
  });
  await stack.db.projectUser.create({ data: { project_id: projectId, user_id: user.id, role } });
  const token = await createApiToken(stack.db, user.id);
  return stack.admin.withToken(token.id);
}

/** The project's events, newest first, as the activity log holds them. */
export async function projectEvents(stack: InProcessStack, projectId: number) {
  return stack.db.event.findMany({ where: { project_id: projectId }, orderBy: { id: 'desc' } });
}
