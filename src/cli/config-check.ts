// `signalman config check [--config <path>] [--no-config]`: the effective configuration, each
// setting with where its value came from and secrets masked; exit status 1 on any problem.
import { ConfigError, loadConfig, type LoadOptions } from '../config/index.ts';
import { fileExposure, LEAVES, loadSettings } from '../config/load.ts';

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? '(unset)');

function at(settings: unknown, path: string[]): unknown {
  let node = settings;
  for (const key of path)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** The report `config check` prints; `ok` is false when the configuration would not start. */
export function configReport(env: NodeJS.ProcessEnv, options: LoadOptions): { ok: boolean; text: string } {
  try {
    const config = loadConfig(env, options);
    const { sources, unused } = loadSettings(env, options);
    const lines = [`configuration file: ${config.configFile ?? '(none)'}`, ''];
    for (const leaf of LEAVES) {
      const key = leaf.path.join('.');
      const value = at(config.settings, leaf.path);
      const shown = leaf.secret && value !== undefined && value !== '' ? '***' : show(value);
      lines.push(`${key} = ${shown}${sources.has(key) ? `   (${sources.get(key)})` : ''}`);
    }
    lines.push('', `database: ${config.databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}`);
    if (unused.length > 0) lines.push('', `not used by Signalman (ignored): ${unused.join(', ')}`);
    const exposure = fileExposure(config.configFile);
    if (exposure) lines.push('', exposure);
    lines.push('', 'configuration is valid');
    return { ok: true, text: lines.join('\n') };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, text: err.message };
    throw err;
  }
}

export function configCheck(env: NodeJS.ProcessEnv, options: LoadOptions): number {
  const { ok, text } = configReport(env, options);
  (ok ? console.log : console.error)(text);
  return ok ? 0 : 1;
}
