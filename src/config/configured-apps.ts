// SEMAPHORE_APPS (SIGNALMAN_APPS, config.json `apps`): apps in the configuration, a JSON map of app
// id to its settings (semaphore-behaviour.md §8.1: `{active, priority, title, icon, color,
// dark_color, path, args}`). They sit between the built-in defaults and what admins set through
// /api/apps, which wins: the configuration says how a host is set up, an administrator may still
// change it at run time. Only the operator sets this, as only admins set /api/apps; project users
// only pick an app id.
import { z } from 'zod';
import { APP_ID, appBody } from '../contracts/admin.ts';

// The fields admins set through /api/apps, all optional; a configured path may not be empty.
const appSettings = appBody
  .omit({ id: true })
  .extend({ path: z.string().min(1).max(1000).optional() })
  .strict();

export const appsSetting = z.record(
  z.string().regex(APP_ID, 'app ids are 1 to 64 letters, digits or "_"'),
  appSettings,
);

export type ConfiguredApp = z.infer<typeof appSettings>;
export type ConfiguredApps = Record<string, ConfiguredApp>;
