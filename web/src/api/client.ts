// The UI's only way to the server: the public API as docs/openapi.json describes it. The types
// in schema.d.ts are generated from that document by setup (scripts/web-build.mjs), so a call
// the API does not document, or a field it does not have, fails the UI's type check.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Task = Schemas['Task'];
export type TaskWithTemplate = Schemas['TaskWithTemplate'];
export type TaskStatus = Task['status'];
export type Template = Schemas['Template'];
export type Project = Schemas['Project'];
export type CurrentUser = Schemas['CurrentUser'];
export type ProjectRole = Schemas['ProjectRole'];

/** Same-origin requests with the session cookie; the server checks the Origin header. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** An API answer that was not a success: its status and the API's `error` message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The data of a successful answer, or an ApiError carrying the API's message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = result.error as { error?: unknown } | string | undefined;
  const message =
    typeof body === 'object' && body && typeof body.error === 'string'
      ? body.error
      : typeof body === 'string' && body
        ? body
        : `${result.response.status} ${result.response.statusText}`;
  throw new ApiError(result.response.status, message);
}

/** Permission bits of a project role (§14: the UI offers only what they allow). */
export const Permission = {
  runProjectTasks: 1,
  updateProject: 2,
  manageProjectResources: 4,
  manageProjectUsers: 8,
} as const;

export const FINISHED: ReadonlySet<TaskStatus> = new Set(['stopped', 'success', 'error']);
