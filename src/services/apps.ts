// Apps: what templates can run (ansible, terraform …), with their UI look and executable path.
// Built-in apps have defaults; admins override fields, stored as options `apps.<id>.<field>`.
// An id that is not built in becomes a custom app once it has settings. Between the defaults and
// the options sit the apps of the configuration (SEMAPHORE_APPS): the options, set at run time by
// admins, win.
import type { Db } from '../store/db.ts';
import type { AppBody } from '../contracts/admin.ts';
import type { RunApp } from '../tasks/run-job.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';
import { defaultAppCommand } from '../domain/app-commands.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { deleteOptionsWithPrefix, optionsWithPrefix, setOption, setOptions } from './options.ts';

export interface App {
  id: string;
  title: string;
  icon: string;
  color: string;
  dark_color: string;
  dark_icon: string;
  active: boolean;
  priority: number;
  path: string;
  args: string[];
}

type AppDefaults = Omit<App, 'id'>;

const app = (title: string, icon: string, color: string, priority: number, id: string): AppDefaults => ({
  title,
  icon,
  color,
  dark_color: color,
  dark_icon: icon,
  active: true,
  priority,
  path: defaultAppCommand(id).path,
  args: [...defaultAppCommand(id).args],
});

export const BUILTIN_APPS: Readonly<Record<string, AppDefaults>> = {
  ansible: { ...app('Ansible', 'mdi-ansible', 'black', 500, 'ansible'), dark_color: 'white' },
  terraform: app('Terraform', 'mdi-terraform', '#7b42bc', 400, 'terraform'),
  tofu: app('OpenTofu', 'mdi-cube-outline', '#ffda18', 390, 'tofu'),
  terragrunt: app('Terragrunt', 'mdi-layers-triple', '#5b31c9', 380, 'terragrunt'),
  bash: app('Bash', 'mdi-bash', 'black', 300, 'bash'),
  python: app('Python', 'mdi-language-python', '#3776ab', 290, 'python'),
  powershell: app('PowerShell', 'mdi-powershell', '#5391fe', 280, 'powershell'),
  pulumi: app('Pulumi', 'mdi-cloud-outline', '#8a3391', 270, 'pulumi'),
};

export const isBuiltin = (id: string): boolean => Object.hasOwn(BUILTIN_APPS, id);

const FIELDS = ['title', 'icon', 'color', 'dark_color', 'dark_icon', 'active', 'priority', 'path', 'args'] as const;
const PREFIX = 'apps.';

function customDefaults(id: string): AppDefaults {
  return { ...app(id, 'mdi-application', 'gray', 0, id), active: false };
}

function readField(base: AppDefaults, field: (typeof FIELDS)[number], raw: string): Partial<AppDefaults> {
  switch (field) {
    case 'active':
      return { active: raw === 'true' };
    case 'priority':
      return Number.isSafeInteger(Number(raw)) ? { priority: Number(raw) } : {};
    case 'args': {
      try {
        const v: unknown = JSON.parse(raw);
        return Array.isArray(v) && v.every((a) => typeof a === 'string') ? { args: v } : {};
      } catch {
        return { args: base.args };
      }
    }
    default:
      return { [field]: raw };
  }
}

/** The apps, built-in and custom, from the configuration and the `apps.*` options; highest priority first. Pure. */
export function appsFromOptions(options: Record<string, string>, configured: ConfiguredApps = {}): App[] {
  const settings = new Map<string, Array<[(typeof FIELDS)[number], string]>>();
  for (const [key, value] of Object.entries(options)) {
    const [prefix, id, field, ...rest] = key.split('.');
    if (`${prefix}.` !== PREFIX || !id || rest.length || !(FIELDS as readonly string[]).includes(field)) continue;
    settings.set(id, [...(settings.get(id) ?? []), [field as (typeof FIELDS)[number], value]]);
  }
  const ids = new Set([...Object.keys(BUILTIN_APPS), ...Object.keys(configured), ...settings.keys()]);
  return [...ids]
    .map((id) => {
      const base: AppDefaults = {
        ...(isBuiltin(id) ? BUILTIN_APPS[id] : customDefaults(id)),
        ...(Object.hasOwn(configured, id) ? configured[id] : {}),
      };
      let merged: AppDefaults = { ...base };
      for (const [field, raw] of settings.get(id) ?? []) merged = { ...merged, ...readField(base, field, raw) };
      return { id, ...merged };
    })
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
}

/** The options that store `body`'s fields for app `id`. Pure. */
export function appOptions(id: string, body: AppBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    const v = body[field];
    if (v === undefined) continue;
    out[`${PREFIX}${id}.${field}`] = Array.isArray(v) ? JSON.stringify(v) : String(v);
  }
  return out;
}

export async function listApps(db: Db, configured: ConfiguredApps): Promise<App[]> {
  return appsFromOptions(await optionsWithPrefix(db, PREFIX), configured);
}

export async function getApp(db: Db, id: string, configured: ConfiguredApps): Promise<App> {
  const found = appsFromOptions(await optionsWithPrefix(db, `${PREFIX}${id}.`), configured).find((a) => a.id === id);
  if (!found) throw new NotFoundError(`app ${id} not found`);
  return found;
}

/**
 * What a task of app `id` runs: the app's executable and the arguments before the script, as
 * admins set them. Only an active app runs; templates of an app switched off since cannot.
 */
export async function runnableApp(db: Db, id: string, configured: ConfiguredApps): Promise<RunApp> {
  const found = appsFromOptions(await optionsWithPrefix(db, `${PREFIX}${id}.`), configured).find((a) => a.id === id);
  if (!found?.active) throw new BadRequestError(`Invalid app id "${id}": no active app has this id (/api/apps)`);
  return { id: found.id, path: found.path, args: found.args };
}

export async function setApp(db: Db, id: string, body: AppBody): Promise<void> {
  await setOptions(db, appOptions(id, body));
}

export async function setAppActive(db: Db, id: string, active: boolean, configured: ConfiguredApps): Promise<void> {
  await getApp(db, id, configured);
  await setOption(db, `${PREFIX}${id}.active`, String(active));
}

/** A built-in app (or one of the configuration) goes back to its defaults; a custom app is removed. */
export async function deleteApp(db: Db, id: string, configured: ConfiguredApps): Promise<void> {
  const removed = await deleteOptionsWithPrefix(db, `${PREFIX}${id}.`);
  if (!removed && !isBuiltin(id) && !Object.hasOwn(configured, id)) throw new NotFoundError(`app ${id} not found`);
}
