// The environment every task gets from the server's configuration (semaphore-behaviour.md §3.5):
// SEMAPHORE_ENV_VARS, a JSON map of names to values, and SEMAPHORE_FORWARDED_ENV_VARS, a JSON
// array of names whose values are copied from the server's own environment. A forwarded name that
// would hand a task the server's secrets or settings (the database, Temporal, the encryption key,
// anything on the task deny list) is refused at start-up: forwarding is for the operator's
// variables (proxies, cloud credentials meant for tasks), never for the server's own.
import { isDeniedProcessVariable } from '../domain/process-env-deny-list.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names the server itself reads for secrets or connections, beyond the task deny list. */
const SERVER_PREFIXES = ['TEMPORAL_', 'PG', 'DATABASE_', 'SIGNALMAN_', 'SEMAPHORE_'];

/** Why a host variable may not be forwarded into tasks, or undefined when it may. */
export function forwardRefusal(name: string): string | undefined {
  if (!NAME.test(name)) return 'is not a variable name';
  if (SERVER_PREFIXES.some((p) => name.startsWith(p)))
    return "belongs to the server's own settings and secrets, which tasks never see";
  if (isDeniedProcessVariable(name))
    return "would change how the task's programs start (src/domain/process-env-deny-list.ts); set a value with SEMAPHORE_ENV_VARS if it is meant";
  return undefined;
}

function parseJson(text: string, setting: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid configuration: ${setting}: not JSON (${(err as Error).message})`);
  }
}

/** The forwarded host values, then the configured ones (which win, as upstream merges them). Throws what is wrong. */
export function taskEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const forwardedSetting = env.SIGNALMAN_FORWARDED_ENV_VARS
    ? 'SIGNALMAN_FORWARDED_ENV_VARS'
    : 'SEMAPHORE_FORWARDED_ENV_VARS';
  const forwardedText = (env[forwardedSetting] ?? '').trim();
  if (forwardedText) {
    const names = parseJson(forwardedText, forwardedSetting);
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
      throw new Error(`invalid configuration: ${forwardedSetting}: must be a JSON array of variable names`);
    for (const name of names) {
      const refusal = forwardRefusal(name);
      if (refusal) throw new Error(`invalid configuration: ${forwardedSetting}: "${name}" ${refusal}`);
      const value = env[name];
      if (value !== undefined) out[name] = value;
    }
  }
  const varsSetting = env.SIGNALMAN_ENV_VARS ? 'SIGNALMAN_ENV_VARS' : 'SEMAPHORE_ENV_VARS';
  const varsText = (env[varsSetting] ?? '').trim();
  if (varsText) {
    const vars = parseJson(varsText, varsSetting);
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars))
      throw new Error(`invalid configuration: ${varsSetting}: must be a JSON object of names to string values`);
    for (const [name, value] of Object.entries(vars)) {
      if (!NAME.test(name)) throw new Error(`invalid configuration: ${varsSetting}: "${name}" is not a variable name`);
      if (typeof value !== 'string')
        throw new Error(`invalid configuration: ${varsSetting}: the value of "${name}" must be a string`);
      out[name] = value;
    }
  }
  return out;
}
