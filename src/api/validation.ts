// Request parsing with zod: every body, path parameter and query goes through here, and a
// problem becomes a 400 that names the field and what is wrong with it.
import { z } from 'zod';
import { BadRequestError } from '../services/errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    const problem = problemIn(result.data);
    if (problem) throw new BadRequestError(`${problem.path.length ? problem.path.join('.') : where}: ${problem.message}`);
    return result.data;
  }
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : where;
  throw new BadRequestError(`${field}: ${issue.message}`);
}

/** Far deeper than any real request; shallow enough for code that recurses (JSON.stringify). */
const MAX_DEPTH = 32;

/**
 * What the schema cannot see: a NUL character (PostgreSQL text cannot hold U+0000), or free-form
 * JSON (task_params, params) nested so deep that storing it would overflow the stack.
 */
function problemIn(value: unknown): { path: string[]; message: string } | null {
  const stack: Array<[unknown, string[]]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, message: 'must not contain NUL characters' };
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      if (path.length >= MAX_DEPTH) return { path: path.slice(0, 3), message: `must not nest more than ${MAX_DEPTH} levels deep` };
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return { path, message: 'must not contain NUL characters' };
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

/** The object that JSON text holds, or undefined when it holds something else or is not JSON. */
function jsonObjectIn(text: string): object | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON text fields that Semaphore stores as strings ("environment", "json", "env"). Tasks turn
 * them into extra vars with code that recurses, so they may not nest deeper than bodies may.
 */
export const jsonObjectText = z
  .string()
  .max(1_000_000)
  .refine((s) => !s.trim() || jsonObjectIn(s) !== undefined, 'must be a JSON object')
  .refine((s) => !s.trim() || !nestsDeeperThan(jsonObjectIn(s), MAX_DEPTH), `must not nest more than ${MAX_DEPTH} levels deep`);

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
