// How the bad-input suite describes one write route: a valid call (which must succeed, last), the
// body's fields (from which bad payloads are generated), ids of the other project, and the
// requests the rules (rather than the schema) refuse.
import type { ApiResponse } from '../api-client.ts';
import type { Field } from './payloads.ts';
import type { Side, World } from './world.ts';

export type Params = Record<string, string | number>;

export interface Target {
  params: Params;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RuleCase {
  what: string;
  /** Merged into the valid body. */
  patch: Record<string, unknown>;
  /** The field the error must name; empty when the error is about the whole request (a conflict). */
  field: string;
  status?: number;
}

export interface WriteRoute {
  /** `METHOD /path/:param`, as the app routes it. */
  route: string;
  /** A fresh object to act on and a valid body. */
  target: (w: World) => Promise<Target>;
  /** The status of the valid call. */
  ok: number;
  fields?: Field[];
  /** Body fields set to ids of the other project; each must be refused, naming the field. */
  foreign?: (w: World) => Record<string, unknown>;
  /** Path parameters naming objects of the other project (or user): 404. */
  foreignParams?: (w: World) => Params;
  rules?: (w: World) => RuleCase[];
  /** The route takes no body. */
  noBody?: boolean;
  /** A new id in the path creates the object (custom apps): there is no "unknown id". */
  pathCreates?: boolean;
  /** The body may be left out: JSON `null` means "no options" too. */
  optionalBody?: boolean;
  /** Waits for what an accepted call started (a task) to settle, so the database is still again. */
  settle?: (w: World, target: Target, res: ApiResponse) => Promise<void>;
}

export const P = '/api/project/:project_id';
/** Paths that leave where they should stay; strings an option parser would take for options. */
export const HOSTILE_PATHS = ['../../etc/passwd', 'a/../../b'];
export const DASHED = ['-rf', '--upload-pack=touch /tmp/pwned'];

/** Path parameters that are not numeric ids. */
export const STRING_PARAMS = new Set(['app_id', 'token_id']);

export const str = (path: string, max?: number, extra: Partial<Field> = {}): Field => ({
  path,
  type: 'string',
  max,
  ...extra,
});
export const idField = (path: string, extra: Partial<Field> = {}): Field => ({ path, type: 'id', ...extra });
export const ref = (path: string, extra: Partial<Field> = {}): Field => ({ path, type: 'id', ref: true, ...extra });
export const bool = (path: string): Field => ({ path, type: 'bool' });
export const NAME: Field = { path: 'name', type: 'string', required: true, max: 255 };
export const PROJECT_ID: Field = ref('project_id');
/** The body's `id` must equal the path's on PUT. */
export const BODY_ID: Field = ref('id');

let counter = 0;
export const uniq = (what: string) => `${what}-${process.pid}-${++counter}`;

export interface Resource {
  /** e.g. `/api/project/:project_id/keys` */
  path: string;
  param: string;
  /** Path parameters above the object (an integration's id, for its matchers). */
  parent?: (side: Side) => Params;
  /** Path parameters above the object, naming the other project's parent: 404. */
  foreignParent?: (w: World) => Params;
  /** A new object of project a. */
  fresh: (w: World) => Promise<number>;
  /** The same kind of object in project b. */
  foreignId: (side: Side) => number;
  body: (w: World) => unknown;
  fields: Field[];
  foreign?: (w: World) => Record<string, unknown>;
  rules?: (w: World) => RuleCase[];
  created: number;
}

/** POST, PUT and DELETE of a project resource. */
export function resource(r: Resource): WriteRoute[] {
  const one = `${r.path}/:${r.param}`;
  const parent = (side: Side) => ({ project_id: side.projectId, ...(r.parent?.(side) ?? {}) });
  return [
    {
      route: `POST ${r.path}`,
      ok: r.created,
      fields: r.fields,
      foreign: r.foreign,
      rules: r.rules,
      foreignParams: r.foreignParent,
      target: async (w) => ({ params: parent(w.a), body: r.body(w) }),
    },
    {
      route: `PUT ${one}`,
      ok: 204,
      fields: [...r.fields, BODY_ID],
      foreign: r.foreign,
      rules: r.rules,
      target: async (w) => ({ params: { ...parent(w.a), [r.param]: await r.fresh(w) }, body: r.body(w) }),
      foreignParams: (w) => ({ ...parent(w.a), [r.param]: r.foreignId(w.b) }),
    },
    {
      route: `DELETE ${one}`,
      ok: 204,
      noBody: true,
      target: async (w) => ({ params: { ...parent(w.a), [r.param]: await r.fresh(w) } }),
      foreignParams: (w) => ({ ...parent(w.a), [r.param]: r.foreignId(w.b) }),
    },
  ];
}
