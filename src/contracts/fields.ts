// Zod building blocks that request and response contracts share: ids, names, JSON held in text.
import { z } from 'zod';

/** Far deeper than any real request; shallow enough for code that recurses (JSON.stringify). */
export const MAX_DEPTH = 32;

/**
 * A positive integer id in a body. A JSON number only: Number() would take `true`, `[7]`, `"0x7"`
 * and `" 7"` for ids too.
 */
export const id = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .positive('must be positive')
  .max(2 ** 31 - 1, 'is too large');

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
  .refine(
    (s) => !s.trim() || !nestsDeeperThan(jsonObjectIn(s), MAX_DEPTH),
    `must not nest more than ${MAX_DEPTH} levels deep`,
  );

export const jsonStringArrayText = z
  .string()
  .max(100_000)
  .refine((s) => {
    if (!s.trim()) return true;
    try {
      const v = JSON.parse(s);
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    } catch {
      return false;
    }
  }, 'must be a JSON array of strings');

export const name = z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(255, 'is too long');

/**
 * A schedule's or an integration's `task_params`: a task body that is stored and shown to every
 * member of the project, so never with secret survey values (`secret`), which are stored nowhere.
 */
export const storedTaskParams = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object' })
  .refine((p) => p.secret === undefined || p.secret === null || p.secret === '', {
    path: ['secret'],
    message: 'secret values are stored nowhere: a schedule or an integration cannot keep one',
  });
