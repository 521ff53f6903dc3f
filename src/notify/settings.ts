// The alert settings of a running server. The configuration loader (issue 12) puts every
// feature's settings into `config.settings`; until a Config carries them, they are read here from
// the environment by the names their schema declares (SEMAPHORE_* first), cast as the loader
// casts them, and checked by the same schema.
import { z } from 'zod';
import { type AlertSettings, alertSettings } from '../config/settings/alerts.ts';

const schema = z.object(alertSettings);
const cache = new WeakMap<object, AlertSettings>();

export function alertSettingsOf(config: object, env: NodeJS.ProcessEnv = process.env): AlertSettings {
  let settings = cache.get(config);
  if (settings) return settings;
  const loaded = (config as { settings?: unknown }).settings;
  const parsed = schema.safeParse(loaded ?? fromEnvironment(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  settings = parsed.data;
  cache.set(config, settings);
  return settings;
}

function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, leaf] of Object.entries(schema.shape)) {
    const meta = leaf.meta() as { env?: string | string[] } | undefined;
    const names = [meta?.env ?? []].flat();
    const raw = names.map((n) => env[n]).find((v) => v !== undefined);
    if (raw === undefined) continue;
    values[key] =
      typeof schema.shape[key as keyof typeof schema.shape].parse(undefined) === 'boolean' ? flag(raw) : raw;
  }
  return values;
}

/** 1|true|yes / 0|false|no (any case), as Semaphore reads them; other words are left for the schema to refuse. */
function flag(raw: string): unknown {
  const word = raw.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(word)) return true;
  if (['', '0', 'false', 'no'].includes(word)) return false;
  return raw;
}
