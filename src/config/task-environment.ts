// The environment every task gets from the server's configuration (semaphore-behaviour.md §3.5):
// SEMAPHORE_ENV_VARS, a JSON map of names to values, and SEMAPHORE_FORWARDED_ENV_VARS, a JSON
// array of names whose values are copied from the server's own environment. A forwarded name that
// would hand a task the server's secrets or settings (the database, Temporal, the encryption key,
// anything on the task deny list) is refused at start-up: forwarding is for the operator's
// variables (proxies, cloud credentials meant for tasks), never for the server's own.
import { isDeniedProcessVariable } from '../domain/process-env-deny-list.ts';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names the server itself reads for secrets or connections, beyond the task deny list. */
const SERVER_PREFIXES = ['TEMPORAL_', 'PG', 'DATABASE_', 'SIGNALMAN_', 'SEMAPHORE_'];

/** Why a host variable may not be forwarded into tasks, or undefined when it may. */
export function forwardRefusal(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) return 'is not a variable name';
  if (SERVER_PREFIXES.some((p) => name.startsWith(p)))
    return "belongs to the server's own settings and secrets, which tasks never see";
  if (isDeniedProcessVariable(name))
    return "would change how the task's programs start (src/domain/process-env-deny-list.ts); set a value with SEMAPHORE_ENV_VARS if it is meant";
  return undefined;
}

/**
 * The forwarded host values, then the configured ones (which win, as upstream merges them). The
 * names were checked by the settings schema (settings/tasks.ts uses forwardRefusal).
 */
export function taskEnvironment(
  forwarded: string[],
  vars: Record<string, string>,
  hostEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of forwarded) {
    const value = hostEnv[name];
    if (value !== undefined) out[name] = value;
  }
  return Object.assign(out, vars);
}
