import { z } from 'zod';
import { id, jsonObjectText, jsonStringArrayText } from './fields.ts';

export const taskBody = z.object({
  template_id: id,
  debug: z.boolean().optional().default(false),
  dry_run: z.boolean().optional().default(false),
  diff: z.boolean().optional().default(false),
  playbook: z
    .string()
    .max(2000)
    .refine((p) => !p.split(/[\\/]/).includes('..'), 'must stay inside the repository (no "..")')
    .optional()
    .default(''),
  environment: jsonObjectText.optional().default(''),
  secret: jsonObjectText.optional(),
  limit: z.string().max(10_000).optional().default(''),
  arguments: jsonStringArrayText.nullable().optional(),
  git_branch: z
    .string()
    .max(255)
    .refine((b) => !b.startsWith('-'), 'must not start with "-"')
    .nullable()
    .optional(),
  message: z.string().max(250).optional().default(''),
  inventory_id: id.nullable().optional(),
  build_task_id: id.nullable().optional(),
  commit_hash: z
    .string()
    .regex(/^[0-9a-f]{4,64}$/i, 'must be a commit hash')
    .nullable()
    .optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type TaskBody = z.infer<typeof taskBody>;

export const stopBody = z
  .object({ force: z.boolean().optional().default(false) })
  .optional()
  .default({ force: false });
