// Semaphore's Swagger 2.0 description, read as a list of operations the contract suite can call:
// merged parameters, the documented success status, the response and body schemas, and example
// bodies built from the spec's own `example` / `x-example` values.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The reference copy lives in the shared folder beside the project; SIGNALMAN_API_SPEC overrides it. */
export const SPEC_PATH =
  process.env.SIGNALMAN_API_SPEC ?? resolve(import.meta.dirname, '../../../shared/reference/semaphore-api-docs.yml');

export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'body' | 'header' | 'formData';
  required?: boolean;
  type?: string;
  enum?: unknown[];
  'x-example'?: unknown;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** The spec's path template, e.g. `/project/{project_id}/keys`. */
  path: string;
  /** `GET /project/{project_id}/keys`: how plans and test names refer to the operation. */
  key: string;
  parameters: Parameter[];
  /** The lowest 2xx/3xx status the spec documents: what a successful call answers. */
  status: number;
  responseSchema?: Schema;
  bodySchema?: Schema;
  /** `security: []`: callable without credentials. */
  public: boolean;
  /** Content types the operation itself declares (only ping does). */
  produces?: string[];
}

export interface Spec {
  basePath: string;
  definitions: Record<string, Schema>;
  operations: Operation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function loadSpec(path = SPEC_PATH): Spec {
  if (!existsSync(path)) throw new Error(`Semaphore API description not found at ${path} (set SIGNALMAN_API_SPEC)`);
  const doc = parse(readFileSync(path, 'utf8'));
  const sharedParams: Record<string, Parameter> = doc.parameters ?? {};
  const param = (p: Parameter | { $ref: string }): Parameter => {
    if ('$ref' in p) {
      const name = p.$ref.replace('#/parameters/', '');
      const found = sharedParams[name];
      if (!found) throw new Error(`unresolved parameter ${p.$ref}`);
      return found;
    }
    return p;
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    const pathParams: Parameter[] = (item.parameters ?? []).map(param);
    for (const method of Object.keys(item).filter((k) => METHODS.includes(k))) {
      const op = item[method];
      const own: Parameter[] = (op.parameters ?? []).map(param);
      const parameters = [...pathParams.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      const codes = Object.keys(op.responses)
        .map(Number)
        .filter((c) => c >= 200 && c < 400)
        .sort((a, b) => a - b);
      if (codes.length === 0) throw new Error(`${method.toUpperCase()} ${path} documents no success status`);
      operations.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        parameters,
        status: codes[0],
        responseSchema: op.responses[codes[0]].schema,
        bodySchema: parameters.find((p) => p.in === 'body')?.schema,
        public: Array.isArray(op.security) && op.security.length === 0,
        produces: op.produces,
      });
    }
  }
  return { basePath: doc.basePath ?? '', definitions: doc.definitions ?? {}, operations };
}

export function deref(schema: Schema, definitions: Record<string, Schema>): Schema {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/definitions/', '');
    const target = definitions[name];
    if (!target) throw new Error(`unresolved schema ${s.$ref}`);
    s = target;
  }
  return s;
}

/**
 * A value for `schema` made from the spec's examples. Booleans become false, enums their first
 * value, integers with a minimum that minimum; strings and arrays without an example are left
 * out, for the operation's plan to fill in where the server needs them.
 */
export function exampleFor(schema: Schema, definitions: Record<string, Schema>): unknown {
  const s = deref(schema, definitions);
  if (s.example !== undefined) return structuredClone(s.example);
  if (s['x-example'] !== undefined) return s['x-example'];
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries<Schema>(s.properties ?? {})) {
      const value = exampleFor(prop, definitions);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (type === 'boolean') return false;
  if (type === 'integer' || type === 'number') return s.minimum;
  return undefined;
}

/** The value a required query parameter is sent with: its x-example, else its first enum value. */
export function queryValue(p: Parameter): string | undefined {
  const v = p['x-example'] ?? p.enum?.[0];
  return v === undefined ? undefined : String(v);
}
