import { z } from 'zod';
import { id, name } from './fields.ts';

const position = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must not be negative')
  .max(2 ** 31 - 1, 'is too large');

export const viewBody = z.object({
  id: id.optional(),
  project_id: id.optional(),
  title: name,
  position: position.optional().default(0),
});
export type ViewBody = z.infer<typeof viewBody>;

/** POST /views/positions: `{"<view_id>": position, …}`. */
export const viewPositionsBody = z
  .record(
    z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .refine((k) => Number(k) <= 2 ** 31 - 1),
    position,
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'must be an object of view id to position'
          : issue.code === 'invalid_key'
            ? 'is not a view id'
            : undefined,
    },
  )
  .refine((m) => Object.keys(m).length <= 1000, 'has too many views');
export type ViewPositionsBody = z.infer<typeof viewPositionsBody>;
