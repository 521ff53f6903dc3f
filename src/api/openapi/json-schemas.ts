// zod → JSON Schema (2020-12, OpenAPI 3.1's dialect) with zod's own z.toJSONSchema. Named schemas
// become components; every other use of them is a $ref. Request bodies are described as zod reads
// them (`io: 'input'`: defaults make fields optional), responses as presenters write them.
import { z } from 'zod';
import type { Named } from './operation.ts';

type Io = 'input' | 'output';
type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

export class JsonSchemas {
  private readonly registries = { input: z.registry<{ id: string }>(), output: z.registry<{ id: string }>() };
  private readonly names = new Map<string, z.ZodType>();

  /** Makes `named` a component (once) and answers a reference to it. */
  ref(named: Named, io: Io): JsonSchema {
    const known = this.names.get(named.name);
    if (known && known !== named.schema) throw new Error(`two different schemas are named ${named.name}`);
    if (!known) {
      this.names.set(named.name, named.schema);
      this.registries[io].add(named.schema, { id: named.name });
    }
    if (!this.registries[io].has(named.schema))
      throw new Error(`${named.name} is used both as a request and as a response schema`);
    return { $ref: `${COMPONENTS}${named.name}` };
  }

  /** An unnamed schema; named schemas inside it (registered before) become references. */
  inline(schema: z.ZodType, io: Io): JsonSchema {
    const converted = z.toJSONSchema(schema, {
      io,
      metadata: this.registries[io],
      unrepresentable: 'any',
    }) as JsonSchema;
    const { $schema: _dialect, $defs: defs = {}, ...rest } = converted;
    for (const name of Object.keys(defs as object)) {
      if (!this.names.has(name)) throw new Error(`unexpected $defs entry ${name}: only named schemas may be shared`);
    }
    return tidy(rest) as JsonSchema;
  }

  /** Every component, sorted by name. */
  components(): Record<string, JsonSchema> {
    const all: Record<string, JsonSchema> = {};
    for (const io of ['input', 'output'] as const) {
      const { schemas } = z.toJSONSchema(this.registries[io], {
        io,
        uri: (id) => `${COMPONENTS}${id}`,
        unrepresentable: 'any',
      });
      for (const [name, schema] of Object.entries(schemas)) {
        const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
        all[name] = tidy(rest) as JsonSchema;
      }
    }
    return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** `#/$defs/X` → `#/components/schemas/X`; and z.int()'s safe-integer bounds, which say nothing, dropped. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(
        ([k, v]) =>
          !((k === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (k === 'maximum' && v === Number.MAX_SAFE_INTEGER)),
      )
      .map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, COMPONENTS) : tidy(v)]),
  );
}
