// Signalman's configuration, read from the environment and validated once at start-up.
// Semaphore's variable names are accepted where they mean the same thing (SEMAPHORE_PORT).
import { resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths.ts';
import { parseDuration } from './duration.ts';

const positiveInt = z.coerce.number().int().min(0);

const schema = z.object({
  dataDir: z.string().min(1),
  port: positiveInt.max(65535),
  host: z.string().min(1),
  databaseUrl: z.string().min(1),
  temporalAddress: z.string().optional(),
  temporalNamespace: z.string().min(1),
  temporalUiPort: positiveInt.max(65535),
  temporalPort: positiveInt.max(65535),
  taskQueue: z.string().min(1),
  adminPassword: z.string().optional(),
  maxParallelTasks: positiveInt,
  /** 0 keeps every task; otherwise each template keeps about this many finished tasks. */
  maxTasksPerTemplate: positiveInt,
  webHost: z.string(),
  toolsDir: z.string().min(1),
  accessKeyEncryption: z.string().optional(),
  /** IANA time zone in which schedules' cron expressions are read. */
  scheduleTimezone: z.string().refine(isTimeZone, 'must be an IANA time zone name, e.g. UTC or Europe/Berlin'),
  /** The webhook alias that reaches every searchable integration of every project (§6.1); unset, none does. */
  integrationAlias: z.string().optional(),
  /** SIGNALMAN_GIT_TIMEOUT: how long one git command of a task or schedule may run. */
  gitTimeoutMs: z.string().transform((text, ctx) => parseDuration(text) ?? (ctx.addIssue({ code: 'custom', message: 'SIGNALMAN_GIT_TIMEOUT must be seconds or a duration such as 90s, 10m or 1h' }), z.NEVER)),
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof schema>;


export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.SIGNALMAN_DATA_DIR || resolve(projectRoot, 'data'));
  const parsed = schema.safeParse({
    dataDir,
    port: env.SIGNALMAN_PORT || env.SEMAPHORE_PORT || 3000,
    host: env.SIGNALMAN_HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || `file:${resolve(dataDir, 'signalman.db')}`,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalPort: env.SIGNALMAN_TEMPORAL_PORT || 7233,
    temporalUiPort: env.SIGNALMAN_TEMPORAL_UI_PORT || 8233,
    taskQueue: env.SIGNALMAN_TASK_QUEUE || 'signalman',
    adminPassword: env.SIGNALMAN_ADMIN_PASSWORD || undefined,
    maxParallelTasks: env.SIGNALMAN_MAX_PARALLEL_TASKS || env.SEMAPHORE_MAX_PARALLEL_TASKS || 0,
    maxTasksPerTemplate: env.SIGNALMAN_MAX_TASKS_PER_TEMPLATE || env.SEMAPHORE_MAX_TASKS_PER_TEMPLATE || 0,
    webHost: env.SIGNALMAN_WEB_HOST || env.SEMAPHORE_WEB_ROOT || '',
    toolsDir: env.SIGNALMAN_TOOLS_DIR || resolve(projectRoot, '.tools'),
    accessKeyEncryption: env.SIGNALMAN_ACCESS_KEY_ENCRYPTION || env.SEMAPHORE_ACCESS_KEY_ENCRYPTION || undefined,
    scheduleTimezone: env.SIGNALMAN_SCHEDULE_TIMEZONE || env.SEMAPHORE_SCHEDULE_TIMEZONE || 'UTC',
    gitTimeoutMs: env.SIGNALMAN_GIT_TIMEOUT || '10m',
    integrationAlias: (env.SIGNALMAN_INTEGRATION_ALIAS || env.SEMAPHORE_INTEGRATION_ALIAS || '').trim() || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Folders holding executables that setup installed (the Temporal CLI, ansible). */
export function toolPaths(config: Config): string[] {
  return [resolve(config.toolsDir, 'venv/bin'), resolve(config.toolsDir, 'bin')];
}

/** PATH for child processes: the project's tools first, then the host's PATH. */
export function childPath(config: Config): string {
  return [...toolPaths(config), process.env.PATH || '/usr/local/bin:/usr/bin:/bin'].join(':');
}
