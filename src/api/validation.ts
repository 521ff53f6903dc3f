// Request parsing with zod: every body, path parameter and query goes through here, and a
// problem becomes a 400 that names the field and what is wrong with it.
import { z } from 'zod';
import { id } from '../contracts/fields.ts';
import { checkInput } from '../contracts/input-check.ts';
import { BadRequestError } from '../services/errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const checked = checkInput(schema, value, where);
  if (!checked.ok) throw new BadRequestError(checked.message);
  return checked.data;
}

/**
 * The body of a create: its `id`, if any, is ignored, as upstream ignores it (the object gets a new
 * one; Semaphore's API description carries an `id` in its example bodies). Only a PUT's `id` is
 * checked, against the path.
 */
export function createBody(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('id' in value)) return value;
  const { id: _ignored, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** A path segment is text: only plain decimal digits name an id (not "1e3", "0x10" or " 1"). */
const pathIdText = z
  .string({ error: 'must be a number' })
  .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
  .transform(Number)
  .pipe(id);

/** A positive integer id from the path, e.g. `project_id`. */
export function pathId(params: Record<string, unknown>, name: string): number {
  return parse(pathIdText, params[name], name);
}
