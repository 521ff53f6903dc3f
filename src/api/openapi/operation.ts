// One entry of the API registry: what a route takes, who may call it and what it answers. Request
// schemas are the very zod schemas the route parses with; response schemas describe the presenters.
import type { z } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'delete' | 'options';

/**
 * Who may call: anyone; any signed-in user; administrators; a remote runner by its token; or
 * members of the project in the path, where reading is open to every member and changes need all
 * of `write` (permission bits), or a global administrator where `adminOnly`.
 */
export type Access = 'public' | 'user' | 'admin' | 'runner' | { project: { write: number; adminOnly?: boolean } };

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
  query?: z.ZodObject;
  body?: { schema: Named; required: boolean };
  response: ApiResponse;
  /** The usual errors (400, 401, 403, 404) this route can answer, when the default guess is wrong. */
  standardErrors?: number[];
  /** Answers other than success and the usual errors (e.g. 426 on /api/ws). */
  otherResponses?: Record<number, string>;
}
