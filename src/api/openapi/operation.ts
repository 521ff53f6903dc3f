// One entry of the API registry: what a route takes, who may call it and what it answers. Request
// schemas are the very zod schemas the route parses with; response schemas describe the presenters.
import type { z } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'delete' | 'options';

/** How a refusal is answered where upstream answers 401 rather than 403 (Semaphore's user routes). */
export type Refusal = 401 | 403;

/**
 * Who may call a route. This is the one declaration: src/api/declared-access.ts enforces it on every
 * request and test/authorization-matrix.test.ts derives each caller's expected answer from it.
 * - `public`: anyone, without credentials.
 * - `user`: any signed-in user (401 without credentials).
 * - `admin`: global administrators; other users get 403, or `{ admin: { refusal: 401 } }`.
 * - `runner`: a remote runner by its `X-Runner-Token`; no user's credentials open these.
 * - `{ selfOrAdmin: 'user_id' }`: the account named by that path parameter, or an administrator;
 *   others get 401, as upstream answers.
 * - `{ projectCreator: { refusal } }`: administrators, and every user when the server allows
 *   non-administrators to create projects (`SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT`).
 * - `{ project: … }`: members of the project in the path (others: 404, as if it did not exist);
 *   reading needs the role's bits in `read` (none by default: every member), other methods need all
 *   of `write`; `adminOnly` writes are for global administrators alone. Administrators may always.
 */
export type Access =
  | 'public'
  | 'user'
  | 'admin'
  | 'runner'
  | { admin: { refusal: Refusal } }
  | { selfOrAdmin: string }
  | { projectCreator: { refusal: Refusal } }
  | { project: ProjectRule };

export interface ProjectRule {
  /** Permission bits (services/permissions.ts) that GET and HEAD need; 0 or absent: any member. */
  read?: number;
  /** Permission bits that other methods need. */
  write: number;
  /** Other methods need a global administrator as well. */
  adminOnly?: boolean;
}

/** A schema shown under its own name in `components.schemas`. */
export interface Named<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
}

export const named = <S extends z.ZodType>(name: string, schema: S): Named<S> => ({ name, schema });

export interface ApiResponse {
  status: number;
  description: string;
  /** JSON body; none for an empty answer. */
  body?: Named | z.ZodType;
  /** Other than JSON: the media types and the schema of the text. */
  media?: { types: string[]; schema: z.ZodType };
}

export interface ApiOperation {
  method: Method;
  /** OpenAPI form, from the server root: `/api/project/{project_id}/keys/{key_id}`. */
  path: string;
  id: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Path parameters that are not positive integer ids (the default). */
  params?: Record<string, z.ZodType>;
  /** The last path parameter, which takes the rest of the path, slashes included (Express `*name`). */
  restParam?: string;
  query?: z.ZodObject;
  body?: { schema: Named; required: boolean };
  response: ApiResponse;
  /** The usual errors (400, 401, 403, 404) this route can answer, when the default guess is wrong. */
  standardErrors?: number[];
  /** Answers other than success and the usual errors (e.g. 426 on /api/ws). */
  otherResponses?: Record<number, string>;
}
