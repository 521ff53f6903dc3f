// Bad payloads, generated from a description of a body's fields: wrong types, missing required
// fields, oversized strings, NUL bytes, unknown and huge ids, and hostile strings.

export type FieldType =
  | 'string'
  | 'id'
  | 'int'
  | 'bool'
  | 'enum'
  | 'object'
  | 'array'
  | 'record'
  /** A string holding a JSON object ("json", "environment"). */
  | 'json-object-text'
  /** A string holding a JSON array of strings ("arguments"). */
  | 'json-array-text';

export interface Field {
  /** Dotted path into the body: `name`, `ssh.private_key`, `vaults.0.vault_key_id`. */
  path: string;
  type: FieldType;
  required?: boolean;
  nullable?: boolean;
  /** Longest accepted string. */
  max?: number;
  /** Largest accepted number (ints), when below 2^31-1. */
  maxValue?: number;
  /** An id naming another object: an unknown id is refused, naming the field. */
  ref?: boolean;
  /** Hostile strings this field must refuse (it reaches a command line or a path). */
  refuses?: string[];
  /** Another name errors may give the field ("Cron", as upstream's validate answers a bad line). */
  alias?: string;
}

export interface Payload {
  /** What is wrong, for the failure message. */
  what: string;
  body: unknown;
  /** The field the error must name (`body` for the whole body). */
  field: string;
  alias?: string;
  /** The status the answer must have; any 4xx when absent. */
  status?: number;
}

/** Strings that a shell, a path or an option parser would take for something else. */
export const HOSTILE = [
  '; rm -rf /',
  '$(id)',
  '../../etc/passwd',
  'line one\nline two',
  '--upload-pack=touch /tmp/pwned',
];

const BIG = 2 ** 31;

/**
 * Stands for a JSON value nested 100,000 levels deep, which JSON.stringify could not write: the
 * suite puts the text in its place (see deepJson).
 */
export const DEEP = '\u0001nested 100000 levels deep\u0001';
const DEEP_TEXT = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;

/** JSON text of `value`, with the DEEP marker replaced by the deep value itself. */
export function deepJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON.stringify(DEEP), DEEP_TEXT);
}

const WRONG: Record<FieldType, unknown[]> = {
  string: [12345, { a: 1 }, ['a']],
  id: ['7', true, { id: 1 }, [1], 1.5, -3, BIG],
  int: ['5', true, { n: 1 }, 1.5, -1, BIG],
  bool: ['true', 1, { b: true }],
  enum: ['no-such-value', 3, { v: 1 }],
  object: ['text', 3, ['a']],
  array: ['text', { a: 1 }],
  record: ['text', ['a']],
  'json-object-text': [{ a: 1 }, '{not json', '[1, 2]', '"text"', `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`],
  'json-array-text': [['a'], '{not json', '{"a": 1}', '[1, 2]'],
};

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** `body` with the value at `path` set (or removed, for `undefined`); parents are created as needed. */
export function withField(body: unknown, path: string, value: unknown): unknown {
  const out = clone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = out;
  for (let i = 0; i < keys.length - 1; i++) {
    if (at[keys[i]] === null || typeof at[keys[i]] !== 'object') at[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    at = at[keys[i]] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return out;
}

const show = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v) : JSON.stringify(v);

/** Every bad payload for `fields`, each a copy of the valid `base` with one thing wrong. */
export function badPayloads(base: unknown, fields: Field[]): Payload[] {
  const out: Payload[] = [];
  for (const f of fields) {
    const set = (value: unknown, what: string, status?: number) =>
      out.push({
        what: `${f.path}: ${what}`,
        body: withField(base, f.path, value),
        field: f.path,
        alias: f.alias,
        status,
      });
    for (const v of WRONG[f.type]) set(v, `${f.type} field given ${show(v)}`, 400);
    if (!f.nullable) set(null, 'null', 400);
    if (f.required) set(undefined, 'missing', 400);
    if (f.type === 'string' || f.type === 'json-object-text' || f.type === 'json-array-text') {
      if (f.max) set('x'.repeat(f.max + 1), `${f.max + 1} characters`, 400);
      set('a\u0000b', 'a NUL byte', 400);
    }
    if (f.type === 'int' && f.maxValue !== undefined) set(f.maxValue + 1, `${f.maxValue + 1}`, 400);
    if (f.type === 'record') set(DEEP, 'JSON nested 100000 levels deep', 400);
    if (f.ref) set(2 ** 31 - 1, 'an id that names nothing', 400);
    for (const h of f.refuses ?? []) set(h, `hostile ${show(h)}`, 400);
  }
  return out;
}

/** The hostile strings in every plain string field: refused (4xx) or accepted as data, never a 5xx. */
export function hostilePayloads(base: unknown, fields: Field[]): Payload[] {
  return fields
    .filter((f) => f.type === 'string' && !f.refuses)
    .flatMap((f) =>
      HOSTILE.map((h) => ({
        what: `${f.path}: hostile ${show(h)}`,
        body: withField(base, f.path, h),
        field: f.path,
        alias: f.alias,
      })),
    );
}

/** Bodies that are not the object the route takes. */
export function notAnObject(optionalBody: boolean): Payload[] {
  const values: unknown[] = [[{ name: 'x' }], 'text', 42, ...(optionalBody ? [] : [null])];
  return values.map((v) => ({ what: `body ${show(v)}`, body: v, field: 'body', status: 400 }));
}
