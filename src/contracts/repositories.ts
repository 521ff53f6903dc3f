import { z } from 'zod';
import { id, name } from './fields.ts';

export const repositoryBody = z.object({
  id: id.optional(),
  name,
  project_id: id.optional(),
  git_url: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(2000)
    .refine((u) => !u.startsWith('-'), 'must not start with "-"'),
  git_branch: z
    .string()
    .max(255)
    .refine((b) => !b.startsWith('-'), 'must not start with "-"')
    .optional()
    .default(''),
  ssh_key_id: id,
});
export type RepositoryBody = z.infer<typeof repositoryBody>;
