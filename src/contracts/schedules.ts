import { z } from 'zod';
import { id, storedTaskParams } from './fields.ts';

export const SCHEDULE_TYPES = ['', 'run_at'] as const;

const cronFormat = z.string({ error: 'must be a string' }).max(255, 'is too long');

export const scheduleBody = z.object({
  id: id.optional(),
  project_id: id.optional(),
  template_id: id,
  name: z.string().trim().max(255, 'is too long').optional().default(''),
  cron_format: cronFormat.optional().default(''),
  active: z.boolean().optional().default(true),
  repository_id: id.nullable().optional(),
  type: z.enum(SCHEDULE_TYPES, { error: 'must be "" (cron) or "run_at"' }).optional().default(''),
  run_at: z.iso
    .datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2030-01-31T12:00:00Z' })
    .refine((v) => Date.parse(v) >= 0, 'must be after 1970')
    .nullable()
    .optional(),
  delete_after_run: z.boolean().optional().default(false),
  task_params: storedTaskParams.nullable().optional(),
});
export type ScheduleBody = z.infer<typeof scheduleBody>;

export const scheduleActiveBody = z.object({ active: z.boolean({ error: 'must be true or false' }) });

export const cronFormatBody = z.object({ cron_format: cronFormat });
