// Integrations set up through the API as a user would, and webhook requests sent as GitHub or any
// other caller would: raw bytes, any headers, no credentials.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { ApiClient } from './api-client.ts';

export interface HookSpec {
  template_id: number;
  auth_method?: string;
  auth_secret_id?: number;
  auth_header?: string;
  searchable?: boolean;
  task_params?: Record<string, unknown>;
  matchers?: Array<Record<string, unknown>>;
  values?: Array<Record<string, unknown>>;
  /** Give the integration an alias of its own (the default). */
  alias?: boolean;
}

export interface Hook {
  id: number;
  /** Its own alias; empty when it has none. */
  alias: string;
}

const aliasOf = (url: string) => /\/api\/integrations\/([^/]+)$/.exec(url)?.[1] ?? '';

/** A login_password key whose password is `secret`: what webhook auth reads. */
export async function createSecretKey(api: ApiClient, projectId: number, secret: string): Promise<number> {
  const name = `webhook secret ${Math.random().toString(36).slice(2, 8)}`;
  const res = await api.post(`/api/project/${projectId}/keys`, {
    name,
    type: 'login_password',
    login_password: { login: '', password: secret },
  });
  assert.equal(res.status, 204, res.text);
  return (await api.get(`/api/project/${projectId}/keys`)).body.find((k: { name: string }) => k.name === name).id;
}

export async function createHook(api: ApiClient, projectId: number, spec: HookSpec): Promise<Hook> {
  const base = `/api/project/${projectId}/integrations`;
  const { matchers = [], values = [], alias = true, ...fields } = spec;
  const created = await api.post(base, { name: `hook ${Math.random().toString(36).slice(2, 8)}`, ...fields });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as number;
  for (const m of matchers) {
    const res = await api.post(`${base}/${id}/matchers`, { name: 'm', ...m });
    assert.equal(res.status, 200, res.text);
  }
  for (const v of values) {
    const res = await api.post(`${base}/${id}/values`, { name: 'v', ...v });
    assert.equal(res.status, 201, res.text);
  }
  if (!alias) return { id, alias: '' };
  const res = await api.post(`${base}/${id}/aliases`);
  assert.equal(res.status, 200, res.text);
  return { id, alias: aliasOf(res.body.url) };
}

export async function createProjectAlias(api: ApiClient, projectId: number): Promise<string> {
  const res = await api.post(`/api/project/${projectId}/integrations/aliases`);
  assert.equal(res.status, 200, res.text);
  return aliasOf(res.body.url);
}

export const githubSignature = (secret: string, body: string | Buffer) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export interface Sent {
  status: number;
  text: string;
}

/** Every answer the receiver gave, to check that none holds a secret. */
export const answers: string[] = [];

/** A webhook request: `path` is the alias, already encoded where it needs to be. */
export async function sendHook(
  base: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<Sent> {
  const res = await fetch(`${base}/api/integrations/${path}`, {
    method,
    headers,
    body: typeof body === 'string' || !body ? body : new Uint8Array(body),
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, text };
}
