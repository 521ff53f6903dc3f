import { z } from 'zod';
import { name } from './fields.ts';

export const projectBody = z.object({
  name,
  alert: z.boolean().optional(),
  alert_chat: z.string().max(255).nullable().optional(),
  max_parallel_tasks: z.number().int().min(0).max(10_000).optional(),
  type: z.string().max(50).optional(),
  demo: z.boolean().optional(),
});
export type ProjectBody = z.infer<typeof projectBody>;
