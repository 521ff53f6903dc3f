// The settings schema seen as a list of leaves: each setting's path in config.json, the
// environment variables that override it, how their text is read, whether its value is a secret,
// its default and its description. The loader, `signalman config check` and the README's settings
// table all read the schema through this one walk (settings/*.ts declare it; see settings/index.ts).
import type { z } from 'zod';

/** What a setting's `.meta()` carries. */
export interface SettingMeta {
  /** Environment variables that set it, the first one set winning. */
  env?: string | string[];
  /** Masked by `config check` and in error messages. */
  secret?: boolean;
  description?: string;
}

/** How an environment variable's text becomes the setting's value. */
export type EnvCast = 'string' | 'int' | 'bool' | 'json';

export interface SettingLeaf {
  path: string[];
  env: string[];
  cast: EnvCast;
  secret: boolean;
  description: string;
  /** The default as config.json would spell it, when the schema has one. */
  defaultValue?: unknown;
  /** Allowed values, for enums. */
  options?: string[];
}

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  defaultValue?: unknown;
  entries?: Record<string, string>;
}

const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** The schema under its wrappers (defaults, optionals, transforms), with the meta found on the way. */
function unwrap(schema: AnySchema): { core: AnySchema; meta: SettingMeta; defaultValue?: unknown } {
  let current = schema;
  let meta: SettingMeta = {};
  let defaultValue: unknown;
  for (;;) {
    meta = { ...((current as { meta?: () => SettingMeta | undefined }).meta?.() ?? {}), ...meta };
    const def = defOf(current);
    if (def.type === 'default' && defaultValue === undefined) {
      const value = def.defaultValue;
      defaultValue = typeof value === 'function' ? (value as () => unknown)() : value;
    }
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return { core: current, meta, defaultValue };
  }
}

function castOf(core: AnySchema): EnvCast {
  const { type } = defOf(core);
  if (type === 'boolean') return 'bool';
  if (type === 'number' || type === 'int') return 'int';
  if (type === 'object' || type === 'record' || type === 'array' || type === 'tuple') return 'json';
  return 'string';
}

const asList = (env: string | string[] | undefined): string[] => (env === undefined ? [] : [env].flat());

/**
 * Every setting of `shape`: an object without its own `env` is a block whose settings are listed
 * one by one; anything else (an object with `env` is set as JSON) is one setting.
 */
export function settingLeaves(shape: Record<string, AnySchema>, prefix: string[] = []): SettingLeaf[] {
  const leaves: SettingLeaf[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const { core, meta, defaultValue } = unwrap(schema);
    const def = defOf(core);
    const path = [...prefix, key];
    if (def.type === 'object' && def.shape && meta.env === undefined) {
      leaves.push(...settingLeaves(def.shape, path));
      continue;
    }
    leaves.push({
      path,
      env: asList(meta.env),
      cast: castOf(core),
      secret: meta.secret === true,
      description: meta.description ?? '',
      defaultValue,
      options: def.type === 'enum' && def.entries ? Object.values(def.entries) : undefined,
    });
  }
  return leaves;
}
