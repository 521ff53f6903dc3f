// Signalman's configuration: Semaphore's config.json and SEMAPHORE_* variables (and our
// SIGNALMAN_* names), loaded and validated once at start-up (load.ts), then the few values the
// code reads often given plain names here. Features read their own settings from `settings`.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { projectRoot } from '../paths.ts';
import type { ConfiguredApps } from './configured-apps.ts';
import { databaseUrl } from './database-url.ts';
import { parseDuration } from './duration.ts';
import { z } from 'zod';
import { ConfigError, type LoadOptions, readSettings } from './load.ts';
import { databaseSettings } from './settings/database.ts';
import { serverSettings } from './settings/server.ts';
import { ldapSettingsProblems } from './settings/ldap.ts';
import type { Settings } from './settings/index.ts';
import { taskEnvironment } from './task-environment.ts';

export { ConfigError, type LoadOptions } from './load.ts';
export type { Settings } from './settings/index.ts';

export interface Config {
  /** Every setting, shaped as Semaphore's config.json (settings/*.ts). */
  settings: Settings;
  /** The configuration file read, if any. */
  configFile?: string;
  dataDir: string;
  port: number;
  host: string;
  databaseUrl: string;
  temporalAddress?: string;
  temporalNamespace: string;
  temporalUiPort: number;
  /** The Temporal Web UI's address for browsers (administrators' link to a task's workflow); unset, none is known. */
  temporalUiUrl?: string;
  temporalPort: number;
  taskQueue: string;
  adminPassword?: string;
  maxParallelTasks: number;
  /** 0 keeps every task; otherwise each template keeps about this many finished tasks. */
  maxTasksPerTemplate: number;
  webHost: string;
  toolsDir: string;
  accessKeyEncryption?: string;
  /** IANA time zone in which schedules' cron expressions are read. */
  scheduleTimezone: string;
  /** The webhook alias that reaches every searchable integration of every project (§6.1); unset, none does. */
  integrationAlias?: string;
  /** Users who are not administrators may create projects (and restore backups), becoming their owner. */
  nonAdminCanCreateProject: boolean;
  /** The session cookie is HttpOnly (scripts cannot read it; Semaphore's web UI then cannot tell it is signed in). */
  cookieHttpOnly: boolean;
  passwordMinLength: number;
  loginMaxFailuresPerUser: number;
  loginMaxFailuresPerAddress: number;
  loginFailureWindowSeconds: number;
  /** Express's `trust proxy`: unset trusts no proxy (X-Forwarded-* are ignored). */
  trustProxy?: string;
  /** Who tasks run as when Signalman runs as root (a name or uid; empty: signalman-task). */
  taskUser: string;
  /** Where tasks' working copies and the galaxy cache live: outside the owner-only data folder. */
  taskRoot: string;
  /** Put into every task's environment, under what the task sets (task-environment.ts). */
  taskEnv: Record<string, string>;
  /** A task running longer than this many seconds is stopped and ends as error; 0: no limit. */
  maxTaskDurationSec: number;
  /** An ssh config file that git's and ansible's ssh read (`ssh -F`); absolute, no quotes. */
  sshConfigPath?: string;
  /** How long one git command of a task or schedule may run. */
  gitTimeoutMs: number;
  /** SEMAPHORE_APPS, between the built-in defaults and /api/apps. */
  apps: ConfiguredApps;
  /** HTTPS: the certificate and key read at start, and the plain-HTTP port that redirects to it. */
  tls?: { cert: Buffer; key: Buffer; httpRedirectPort: number };
}

/** Reads the TLS files when TLS is on; a file that cannot be read is a problem. */
function readTls(s: Settings['tls'], problems: string[]): Config['tls'] {
  if (!s.enabled) return undefined;
  const read = (key: 'cert_file' | 'key_file') => {
    if (!s[key]) {
      problems.push(`tls.${key}: is required when tls.enabled is true`);
      return undefined;
    }
    try {
      return readFileSync(s[key]);
    } catch (err) {
      problems.push(
        `tls.${key}: ${s[key]} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
      return undefined;
    }
  };
  const cert = read('cert_file');
  const key = read('key_file');
  return cert && key ? { cert, key, httpRedirectPort: s.http_redirect_port } : undefined;
}

/**
 * The configuration from the file (`--config`, SIGNALMAN_CONFIG_PATH or SEMAPHORE_CONFIG_PATH,
 * else ./config.json, /usr/local/etc/semaphore/config.json, /etc/semaphore/config.json) and
 * `env` over it. Throws a ConfigError listing every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const read = readSettings(env, options);
  const { problems, raw, file } = read;
  // The database and TLS are checked even when other settings are wrong, so that every problem is listed at once.
  const dbPart = z.object(databaseSettings).safeParse(raw);
  const dataDir = resolve((typeof raw.data_dir === 'string' && raw.data_dir) || resolve(projectRoot, 'data'));
  const db = dbPart.success ? databaseUrl(dbPart.data, dataDir) : undefined;
  if (db && 'problem' in db) problems.push(db.problem);
  const tlsPart = serverSettings.tls.safeParse(raw.tls);
  const tls = tlsPart.success ? readTls(tlsPart.data, problems) : undefined;
  const s = read.settings;
  if (s) problems.push(...ldapSettingsProblems(s));
  if (!s || problems.length > 0 || !db || !('url' in db)) throw new ConfigError(problems);
  return {
    settings: s,
    configFile: file,
    dataDir,
    port: s.port,
    host: s.interface || '0.0.0.0',
    databaseUrl: db.url,
    temporalAddress: s.temporal.address || undefined,
    temporalNamespace: s.temporal.namespace,
    temporalPort: s.temporal.port,
    temporalUiPort: s.temporal.ui_port,
    temporalUiUrl: s.temporal.ui_url.replace(/\/+$/, '') || undefined,
    taskQueue: s.temporal.task_queue,
    adminPassword: s.admin_password || undefined,
    maxParallelTasks: s.max_parallel_tasks,
    maxTasksPerTemplate: s.max_tasks_per_template,
    webHost: s.web_host,
    toolsDir: resolve(s.tools_dir || resolve(projectRoot, '.tools')),
    accessKeyEncryption: s.access_key_encryption || undefined,
    scheduleTimezone: s.schedule.timezone,
    gitTimeoutMs: parseDuration(String(s.git_timeout)) as number,
    sshConfigPath: s.ssh_config_path || undefined,
    integrationAlias: s.global_integration_alias.trim() || undefined,
    nonAdminCanCreateProject: s.non_admin_can_create_project,
    cookieHttpOnly: s.cookie_httponly,
    passwordMinLength: s.password_min_length,
    loginMaxFailuresPerUser: s.login.max_failures_per_user,
    loginMaxFailuresPerAddress: s.login.max_failures_per_address,
    loginFailureWindowSeconds: s.login.failure_window_sec,
    trustProxy: s.trust_proxy?.trim() || undefined,
    taskUser: s.task_user,
    taskRoot: resolve(s.tmp_path || defaultTaskRoot(dataDir)),
    taskEnv: taskEnvironment(s.forwarded_env_vars, s.env_vars, env),
    maxTaskDurationSec: s.max_task_duration_sec,
    apps: s.apps,
    tls,
  };
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
