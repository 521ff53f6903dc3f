import { z } from 'zod';
import { id, jsonObjectText, name } from './fields.ts';

export const environmentBody = z.object({
  id: id.optional(),
  name,
  project_id: id.optional(),
  password: z.string().max(10_000).nullable().optional(),
  json: jsonObjectText.optional().default('{}'),
  env: jsonObjectText.nullable().optional(),
  secrets: z
    .array(
      z.object({
        id: id.optional(),
        type: z.enum(['var', 'env']),
        name: z.string().min(1).max(255),
        secret: z.string().max(100_000).optional().default(''),
        operation: z.enum(['create', 'update', 'delete']).optional(),
      }),
    )
    .max(1000)
    .optional(),
});
export type EnvironmentBody = z.infer<typeof environmentBody>;
