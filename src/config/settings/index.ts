// Every setting Signalman reads, as one zod shape with Semaphore's config.json keys
// (semaphore-behaviour.md §8). Each feature declares its own in a file here; `.meta()` on each
// setting names its environment variables, whether it is a secret and what it does
// (setting-leaves.ts). The loader (load.ts), `signalman config check` and the README's settings
// table are all built from this.
import { z } from 'zod';
import { alertSettings } from './alerts.ts';
import { databaseSettings } from './database.ts';
import { ldapSettings } from './ldap.ts';
import { oidcSettings } from './oidc.ts';
import { serverSettings } from './server.ts';
import { taskSettings } from './tasks.ts';
import { totpSettings } from './totp.ts';
import { runnerSettings } from './runners.ts';

export const settingsShape = {
  ...serverSettings,
  ...databaseSettings,
  ...taskSettings,
  ...alertSettings,
  ...ldapSettings,
  ...totpSettings,
  ...oidcSettings,
  ...runnerSettings,
};

export const settingsSchema = z.object(settingsShape);

/** The validated settings, shaped as Semaphore's config.json. */
export type Settings = z.infer<typeof settingsSchema>;
