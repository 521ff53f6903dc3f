// Bodies of Semaphore's runner protocol (/api/internal/runners). Progress keys are matched without
// regard to case, as Go's encoding/json matches them (`Jobs`, `jobs`, `LogRecords`, `logrecords` …).
import { z } from 'zod';
import { TASK_STAGE_TYPES } from '../domain/task-stages.ts';

export const registrationBody = z.object({
  registration_token: z.string().max(1000),
  webhook: z
    .string()
    .max(2048)
    .refine((u) => u === '' || /^https?:\/\/\S+$/i.test(u), 'must be an http(s) URL or empty')
    .optional(),
  max_parallel_tasks: z.number().int().min(0).max(1_000_000).optional(),
  public_key: z.string().max(20_000).nullable().optional(),
});

export const registeredRunner = z.object({ token: z.string() });

/** An RFC 3339 time, as Go writes time.Time (any number of fractional digits). */
const goTime = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, 'must be an RFC 3339 date-time')
  .transform((text) => new Date(text.replace(/(\.\d{3})\d+/, '$1')));

const logRecord = z.object({ time: goTime, message: z.string().max(1_000_000) });
const jobProgress = z.object({
  id: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  status: z.string().max(40).optional(),
  logrecords: z.array(logRecord).max(100_000).nullable().optional(),
  commit: z
    .object({ hash: z.string().max(64), message: z.string().max(10_000) })
    .nullable()
    .optional(),
  /**
   * Signalman's runner only (Semaphore's sends none): the stages that ended, with their times on
   * the runner's clock, the clock of its log records; the server finds their lines by those times.
   */
  signalman_stages: z
    .array(z.object({ type: z.enum(TASK_STAGE_TYPES), start: goTime, end: goTime }))
    .max(100)
    .nullable()
    .optional(),
});

/** RunnerProgress after its keys were lower-cased (lowerKeys). */
export const progressBody = z.object({ jobs: z.array(jobProgress).max(10_000).nullable().optional() });

/** RunnerProgress as documented (Go's field names). */
export const progressDoc = z.object({
  Jobs: z.array(
    z.object({
      ID: z.number().int(),
      Status: z.string(),
      LogRecords: z.array(z.object({ time: z.string(), message: z.string() })),
      Commit: z.object({ hash: z.string(), message: z.string() }).nullable().optional(),
    }),
  ),
});

/** Keys of objects lower-cased at every level (of keys that differ only in case, the last one wins). */
export function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k.toLowerCase()] = lowerKeys(v);
  return out;
}
