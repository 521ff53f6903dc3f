// Users and team members created through the API as an administrator would, each with a client
// that is logged in as that user.
import assert from 'node:assert/strict';
import { ApiClient } from './api-client.ts';
import type { InProcessStack } from './in-process.ts';

export interface TestUser {
  id: number;
  username: string;
  password: string;
  /** Logged in as this user. */
  api: ApiClient;
}

let counter = 0;

export async function createUser(
  stack: InProcessStack,
  prefix: string,
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const username = `${prefix}-${process.pid}-${++counter}`;
  const password = `${username}-password`;
  const res = await stack.admin.post('/api/users', {
    username,
    name: `${prefix} user`,
    email: `${username}@example.test`,
    password,
    ...extra,
  });
  assert.equal(res.status, 201, res.text);
  const api = new ApiClient(stack.base);
  await api.login(username, password);
  return { id: res.body.id, username, password, api };
}

export async function addMember(admin: ApiClient, projectId: number, userId: number, role: string): Promise<void> {
  const res = await admin.post(`/api/project/${projectId}/users`, { user_id: userId, role });
  assert.equal(res.status, 204, res.text);
}

export async function createProject(
  api: ApiClient,
  name = `project ${Math.random().toString(36).slice(2, 8)}`,
): Promise<number> {
  const res = await api.post('/api/projects', { name });
  assert.equal(res.status, 201, res.text);
  return res.body.id as number;
}

/** Fails when any object in `body`, however deep, has a key that looks like a password or hash. */
export function assertNoPasswords(body: unknown, where = 'response'): void {
  if (Array.isArray(body)) {
    for (const [i, item] of body.entries()) assertNoPasswords(item, `${where}[${i}]`);
  } else if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      assert.ok(!/password|hash/i.test(key), `${where} has a "${key}" field`);
      assertNoPasswords(value, `${where}.${key}`);
    }
  } else if (typeof body === 'string') {
    assert.ok(!/^\$2[aby]\$/.test(body), `${where} carries a bcrypt hash`);
  }
}
