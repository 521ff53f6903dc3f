// Checking a value against a contract: the first problem, named by its field, or the data. The API
// turns a problem into a 400 (api/validation.ts).
import type { z } from 'zod';
import { MAX_DEPTH } from './fields.ts';

export type InputCheck<T> = { ok: true; data: T } | { ok: false; message: string };

export function checkInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): InputCheck<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) {
    const problem = problemIn(result.data);
    if (problem)
      return { ok: false, message: `${problem.path.length ? problem.path.join('.') : where}: ${problem.message}` };
    return { ok: true, data: result.data };
  }
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : where;
  return { ok: false, message: `${field}: ${issue.message}` };
}

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
      if (path.length >= MAX_DEPTH)
        return { path: path.slice(0, 3), message: `must not nest more than ${MAX_DEPTH} levels deep` };
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return { path, message: 'must not contain NUL characters' };
        stack.push([child, [...path, k]]);
      }
    }
  }
  return null;
}
