// A small HTTP client for tests: JSON in, status and JSON (or text) out, with a bearer token or cookie.
import assert from 'node:assert/strict';
import { eventually } from './eventually.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class ApiClient {
  private cookie = '';
  private token = '';

  constructor(readonly base: string) {}

  withToken(token: string): ApiClient {
    const c = new ApiClient(this.base);
    c.token = token;
    return c;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && typeof body !== 'string') h['content-type'] = 'application/json';
    if (typeof body === 'string') h['content-type'] ??= 'application/json';
    if (this.token) h.authorization = `Bearer ${this.token}`;
    else if (this.cookie) h.cookie = this.cookie;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // plain text answer (ping)
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async login(auth: string, password: string): Promise<void> {
    const res = await this.post('/api/auth/login', { auth, password });
    if (res.status !== 204) throw new Error(`login failed: ${res.status} ${res.text}`);
  }

  /** Polls a task until it reaches one of `statuses` (default: any finished status). */
  async waitForTask(
    projectId: number,
    taskId: number,
    statuses = ['success', 'error', 'stopped'],
    timeoutMs = 60_000,
  ): Promise<any> {
    return eventually(
      async () => {
        const res = await this.get(`/api/project/${projectId}/tasks/${taskId}`);
        assert.ok(
          res.status === 200 && statuses.includes(res.body.status),
          `last: ${res.status} ${JSON.stringify(res.body)}`,
        );
        return res.body;
      },
      { what: `task ${taskId} to reach ${statuses.join('/')}`, timeout: timeoutMs, interval: 100 },
    );
  }

  async output(projectId: number, taskId: number): Promise<string[]> {
    const res = await this.get(`/api/project/${projectId}/tasks/${taskId}/output`);
    return (res.body as Array<{ output: string }>).map((l) => l.output);
  }
}
