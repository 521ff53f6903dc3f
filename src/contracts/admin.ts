// Bodies of the global admin routes: /api/options, /api/runners, /api/apps.
import { z } from 'zod';

const text = (max: number) => z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`);

export const OPTION_KEY = /^[\w.]+$/;

export const optionBody = z.object({
  key: z
    .string({ error: 'is required' })
    .max(255, 'is too long')
    .regex(OPTION_KEY, 'may only hold letters, digits, "_" and "."'),
  value: text(1000),
});
export type OptionBody = z.infer<typeof optionBody>;

export const activeBody = z.object({ active: z.boolean({ error: 'must be true or false' }) });

const webhook = text(2000).refine((u) => u === '' || /^https?:\/\/\S+$/i.test(u), 'must be an http(s) URL or empty');

export const runnerBody = z.object({
  id: z.number().optional(),
  project_id: z.number().nullable().optional(),
  name: text(255).optional().default(''),
  webhook: webhook.optional().default(''),
  max_parallel_tasks: z
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must not be negative')
    .max(10_000)
    .optional()
    .default(0),
  active: z.boolean({ error: 'must be true or false' }).optional().default(true),
  tag: text(255).optional().default(''),
});
export type RunnerBody = z.infer<typeof runnerBody>;

export const APP_ID = /^\w{1,64}$/;

/** App settings; fields left out keep their current value. */
export const appBody = z.object({
  id: z.string().optional(),
  title: text(255).optional(),
  icon: text(255).optional(),
  color: text(50).optional(),
  dark_color: text(50).optional(),
  dark_icon: text(255).optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
  priority: z.number({ error: 'must be a number' }).int().min(0).max(10_000).optional(),
  path: text(1000).optional(),
  args: z.array(text(1000)).max(100).optional(),
});
export type AppBody = z.infer<typeof appBody>;
