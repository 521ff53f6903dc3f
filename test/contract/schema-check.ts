// Response bodies checked against the spec's schemas with ajv. Swagger 2.0 schemas are close to
// JSON Schema draft-04; ajv's default dialect (draft-07) reads them as written, including the
// spec's `type: [string, 'null']` unions. Swagger's own keywords (`example`, `x-example`) are
// tolerated by turning off strict mode.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Schema } from './spec.ts';

// ajv-formats is CommonJS; imported from ESM, its plugin function is the module's `.default`.
const addFormats = ajvFormats.default;

/**
 * Known contradictions inside Semaphore's description, corrected in our copy of its schemas
 * (never in the file): each names where the spec disagrees with itself.
 * - ProjectBackup.templates[].survey_vars is typed string|null, yet the spec's own backup example
 *   carries `"survey_vars": []`, and Semaphore writes and reads an array there.
 */
function correctSpec(definitions: Record<string, Schema>): Record<string, Schema> {
  const copy = structuredClone(definitions) as Record<string, any>;
  const surveyVars = copy.ProjectBackup?.properties?.templates?.items?.properties?.survey_vars;
  if (surveyVars) surveyVars.type = ['string', 'null', 'array'];
  return copy;
}

export class SchemaCheck {
  private readonly definitions: Record<string, Schema>;
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<Schema, ValidateFunction>();

  constructor(definitions: Record<string, Schema>) {
    this.definitions = correctSpec(definitions);
    addFormats(this.ajv);
    // Swagger's `format: password` is a UI hint, not a constraint.
    this.ajv.addFormat('password', true);
  }

  /** The ways `body` breaks `schema`, one line each; empty when it validates. */
  problems(schema: Schema, body: unknown): string[] {
    let validate = this.cache.get(schema);
    if (!validate) {
      // `#/definitions/...` refs resolve against the compiled root, so the definitions go along.
      validate = this.ajv.compile({ ...schema, definitions: this.definitions });
      this.cache.set(schema, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => describe(e, body));
  }
}

/** Where, what, the value found, and the object it sits in (cut short), to tell list items apart. */
function describe(e: ErrorObject, body: unknown): string {
  const where = e.instancePath || '(root)';
  const params =
    e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
  const parentPath = e.instancePath.split('/').slice(0, -1).join('/');
  const parent = e.instancePath ? ` in ${JSON.stringify(at(body, parentPath)).slice(0, 240)}` : '';
  return `${where} ${e.message}${params}, got ${JSON.stringify(at(body, e.instancePath))}${parent}`;
}

function at(value: unknown, pointer: string): unknown {
  let v: any = value;
  for (const part of pointer.split('/').slice(1)) v = v?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}
