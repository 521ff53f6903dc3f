// Request parsing with zod: every body, path parameter and query goes through here, and a
// problem becomes a 400 that names the field and what is wrong with it.
import { z } from 'zod';
import { BadRequestError } from '../services/errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    const nul = pathOfNul(result.data);
    if (nul) throw new BadRequestError(`${nul.length ? nul.join('.') : where}: must not contain NUL characters`);
    return result.data;
  }
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : where;
  throw new BadRequestError(`${field}: ${issue.message}`);
}

/** PostgreSQL text cannot hold U+0000: find such a string (or key) here, before the database fails on it. */
function pathOfNul(value: unknown): string[] | null {
  const stack: Array<[unknown, string[]]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return path;
        stack.push([child, [...path, k]]);
      }
    }
  }
  return null;
}

/**
 * A positive integer id in a body. A JSON number only: Number() would take `true`, `[7]`, `"0x7"`
 * and `" 7"` for ids too.
 */
export const id = z.number({ error: 'must be a number' }).int('must be an integer').positive('must be positive').max(2 ** 31 - 1, 'is too large');

/** A path segment is text: only plain decimal digits name an id (not "1e3", "0x10" or " 1"). */
const pathIdText = z.string({ error: 'must be a number' }).regex(/^-?\d+(\.\d+)?$/, 'must be a number').transform(Number).pipe(id);

/** A positive integer id from the path, e.g. `project_id`. */
export function pathId(params: Record<string, unknown>, name: string): number {
  return parse(pathIdText, params[name], name);
}

/** JSON text fields that Semaphore stores as strings ("environment", "json", "arguments"). */
export const jsonObjectText = z.string().max(1_000_000).refine((s) => {
  if (!s.trim()) return true;
  try {
    const v = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}, 'must be a JSON object');

export const jsonStringArrayText = z.string().max(100_000).refine((s) => {
  if (!s.trim()) return true;
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}, 'must be a JSON array of strings');

export const name = z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(255, 'is too long');
