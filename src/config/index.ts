// Signalman's configuration, read from the environment and validated once at start-up.
// Semaphore's variable names are accepted where they mean the same thing (SEMAPHORE_PORT).
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths.ts';
import { parseDuration } from './duration.ts';
import { taskEnvironment } from './task-environment.ts';
import { type ConfiguredApps, configuredApps } from './configured-apps.ts';

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
  /** Users who are not administrators may create projects (and restore backups), becoming their owner. */
  nonAdminCanCreateProject: z.boolean({
    error: 'SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT (or SEMAPHORE_…): must be 1, true, yes, 0, false or no',
  }),
  /** Sessions, tokens and logins (README "Sessions, tokens and requests from other sites"). */
  /** The session cookie is HttpOnly (scripts cannot read it; Semaphore's web UI then cannot tell it is signed in). */
  cookieHttpOnly: z.boolean({ error: 'SIGNALMAN_COOKIE_HTTPONLY: must be 1, true, yes, 0, false or no' }),
  passwordMinLength: positiveInt.min(1).max(72),
  loginMaxFailuresPerUser: positiveInt.min(1),
  loginMaxFailuresPerAddress: positiveInt.min(1),
  loginFailureWindowSeconds: positiveInt.min(1),
  /** Express's `trust proxy`: unset trusts no proxy (X-Forwarded-* are ignored). */
  trustProxy: z.string().optional(),
  /** Who tasks run as when Signalman runs as root (a name or uid; empty: signalman-task). */
  taskUser: z.string(),
  /** Where tasks' working copies and the galaxy cache live: outside the owner-only data folder. */
  taskRoot: z.string().min(1),
  /**
   * Put into every task's environment, under what the task sets: SEMAPHORE_FORWARDED_ENV_VARS'
   * host values, then SEMAPHORE_ENV_VARS (task-environment.ts).
   */
  taskEnv: z.record(z.string(), z.string()),
  /** A task running longer than this many seconds is stopped and ends as error; 0: no limit. */
  maxTaskDurationSec: positiveInt,
  /**
   * SIGNALMAN_SSH_PATH (SEMAPHORE_SSH_PATH): an ssh config file that git's and ansible's ssh read
   * (`ssh -F`). Absolute; no quotes or line breaks, as it is quoted into ssh command lines.
   */
  sshConfigPath: z
    .string()
    .refine((p) => p.startsWith('/'), 'SIGNALMAN_SSH_PATH (or SEMAPHORE_SSH_PATH) must be an absolute path')
    .refine(
      (p) => !/['"\\\n\r\0]/.test(p),
      'SIGNALMAN_SSH_PATH (or SEMAPHORE_SSH_PATH) must not contain quotes, backslashes or line breaks',
    )
    .optional(),
  /** SIGNALMAN_GIT_TIMEOUT: how long one git command of a task or schedule may run. */
  gitTimeoutMs: z.string().transform(
    (text, ctx) =>
      parseDuration(text) ??
      (ctx.addIssue({
        code: 'custom',
        message: 'SIGNALMAN_GIT_TIMEOUT must be seconds or a duration such as 90s, 10m or 1h',
      }),
      z.NEVER),
  ),
});

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Signalman's settings; `apps` is SEMAPHORE_APPS, checked by its own schema (configured-apps.ts). */
export type Config = z.infer<typeof schema> & { apps: ConfiguredApps };

/**
 * A yes/no setting as Semaphore reads one (1, true, yes, any case); unset or empty is no. Other
 * words are passed on unchanged so that the schema refuses them rather than reading a typo as no.
 */
function envFlag(value: string | undefined): unknown {
  const word = (value ?? '').trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(word)) return true;
  if (['', '0', 'false', 'no'].includes(word)) return false;
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const taskEnv = taskEnvironment(env);
  const apps = configuredApps(env);
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
    sshConfigPath: (env.SIGNALMAN_SSH_PATH || env.SEMAPHORE_SSH_PATH || '').trim() || undefined,
    integrationAlias: (env.SIGNALMAN_INTEGRATION_ALIAS || env.SEMAPHORE_INTEGRATION_ALIAS || '').trim() || undefined,
    nonAdminCanCreateProject: envFlag(
      env.SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT || env.SEMAPHORE_NON_ADMIN_CAN_CREATE_PROJECT,
    ),
    cookieHttpOnly: envFlag(env.SIGNALMAN_COOKIE_HTTPONLY),
    passwordMinLength: env.SIGNALMAN_PASSWORD_MIN_LENGTH || 8,
    loginMaxFailuresPerUser: env.SIGNALMAN_LOGIN_MAX_FAILURES_PER_USER || 5,
    loginMaxFailuresPerAddress: env.SIGNALMAN_LOGIN_MAX_FAILURES_PER_ADDRESS || 20,
    loginFailureWindowSeconds: env.SIGNALMAN_LOGIN_FAILURE_WINDOW || 900,
    trustProxy: (env.SIGNALMAN_TRUST_PROXY || '').trim() || undefined,
    taskUser: env.SIGNALMAN_TASK_USER ?? '',
    taskRoot: resolve(env.SIGNALMAN_TMP_PATH || env.SEMAPHORE_TMP_PATH || defaultTaskRoot(dataDir)),
    taskEnv,
    maxTaskDurationSec: env.SIGNALMAN_MAX_TASK_DURATION_SEC || env.SEMAPHORE_MAX_TASK_DURATION_SEC || 0,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return { ...parsed.data, apps };
}

/**
 * `<tmp>/signalman-<hash of the data folder's real path>`: one per installation, so that two
 * installations (or test runs) on one host never share working copies.
 */
export function defaultTaskRoot(dataDir: string): string {
  const hash = createHash('sha256').update(realPathOf(dataDir)).digest('hex').slice(0, 12);
  return resolve(tmpdir(), `signalman-${hash}`);
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realPathOf(parent), basename(path));
  }
}

/** Folders holding executables that setup installed (the Temporal CLI, ansible). */
export function toolPaths(config: Config): string[] {
  return [resolve(config.toolsDir, 'venv/bin'), resolve(config.toolsDir, 'bin')];
}

/** PATH for child processes: the project's tools first, then the host's PATH. */
export function childPath(config: Config): string {
  return [...toolPaths(config), process.env.PATH || '/usr/local/bin:/usr/bin:/bin'].join(':');
}

/** Where the access-key encryption key is kept when SIGNALMAN_ACCESS_KEY_ENCRYPTION is not set. */
export function accessKeyFile(config: Pick<Config, 'dataDir'>): string {
  return resolve(config.dataDir, 'access_key_encryption.key');
}
