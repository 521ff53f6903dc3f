// POST /api/projects/restore: Semaphore's project backup document (§6.4), checked field by field.
// References between objects are by name; src/services/backup/restore-plan.ts checks that they resolve.
import { z } from 'zod';
import { jsonObjectText, jsonStringArrayText, name } from './fields.ts';
import { KEY_TYPES } from './keys.ts';
import { INVENTORY_TYPES } from './inventories.ts';
import { surveyVar, TEMPLATE_TYPES } from './templates.ts';
import { APP_ID } from './admin.ts';
import { AUTH_METHODS, BODY_DATA_TYPES, MATCH_METHODS, MATCH_TYPES, VALUE_SOURCES } from './integrations.ts';

const MAX_ITEMS = 10_000;
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => v || '""').join(', ')}` });
const text = (max: number) => z.string({ error: 'must be a string' }).max(max, 'is too long');
const list = <T extends z.ZodType>(item: T, max = MAX_ITEMS) =>
  z.array(item, { error: 'must be an array' }).max(max, `must have at most ${max} items`);
/** A reference to another object of the backup, by its name; null or absent means none. */
const ref = name.nullable().optional();
const noDash = (field: z.ZodString) => field.refine((v) => !v.startsWith('-'), 'must not start with "-"');
const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });
const alias = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "-" or "_"');

/** Semaphore writes survey_vars as an array; older documents carry it as JSON text. */
const surveyVars = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  if (!v.trim()) return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, list(surveyVar, 1000).nullable().optional());

const meta = z.object(
  {
    name,
    alert: z.boolean().optional().default(false),
    alert_chat: text(255).nullable().optional(),
    max_parallel_tasks: z.number().int().min(0).max(10_000).optional().default(0),
    type: text(50).optional().default(''),
  },
  { error: "is required: an object with the project's name and settings" },
);

const key = z.object({ name, type: oneOf(KEY_TYPES) });

const repository = z.object({
  name,
  git_url: noDash(z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(2000)),
  git_branch: noDash(text(255)).optional().default(''),
  ssh_key: name,
});

const inventory = z.object({
  name,
  inventory: text(1_000_000).optional().default(''),
  type: oneOf(INVENTORY_TYPES).optional().default('static'),
  ssh_key: ref,
  become_key: ref,
  repository: ref,
  runner_tag: text(255).nullable().optional(),
});

const environment = z.object({
  name,
  password: text(10_000).nullable().optional(),
  json: jsonObjectText.optional().default('{}'),
  env: jsonObjectText.nullable().optional(),
});

/** Semaphore names a view's label `title`; its OpenAPI example says `name`. Both are accepted. */
const view = z
  .object({
    title: name.optional(),
    name: name.optional(),
    position: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .default(0),
  })
  .refine((v) => v.title !== undefined || v.name !== undefined, { message: 'is required', path: ['title'] })
  .transform((v) => ({ title: (v.title ?? v.name)!, position: v.position }));

const vault = z.object({
  name: text(255).nullable().optional(),
  vault_key: ref,
  type: z.enum(['password', 'script']).optional().default('password'),
  script: text(2000).nullable().optional(),
});

const template = z.object({
  name,
  // Any app id, as a template may name an app admins added (/api/apps); a task of an app that is
  // not active on this installation ends at once saying so.
  app: z.string().regex(APP_ID, 'must be an app id (letters, digits and _, up to 64)').optional().default('ansible'),
  playbook: text(2000).optional().default(''),
  arguments: jsonStringArrayText.nullable().optional(),
  allow_override_args_in_task: z.boolean().optional().default(false),
  description: text(10_000).nullable().optional(),
  type: oneOf(TEMPLATE_TYPES).optional().default(''),
  start_version: text(255).nullable().optional(),
  autorun: z.boolean().optional().default(false),
  git_branch: noDash(text(255)).nullable().optional(),
  survey_vars: surveyVars,
  suppress_success_alerts: z.boolean().optional().default(false),
  task_params: jsonObject.nullable().optional(),
  runner_tag: text(255).nullable().optional(),
  allow_override_branch_in_task: z.boolean().optional().default(false),
  allow_parallel_tasks: z.boolean().optional().default(false),
  repository: name,
  inventory: ref,
  environment: ref,
  view: ref,
  build_template: ref,
  vaults: list(vault, 100).nullable().optional(),
  /** Before vaults, a template had one vault key. */
  vault_key: ref,
  cron: text(255).nullable().optional(),
});

const bodyDataType = z
  .union([oneOf(BODY_DATA_TYPES), z.literal('')])
  .optional()
  .default('');

const integration = z.object({
  name,
  template: name,
  auth_method: oneOf(AUTH_METHODS).optional().default(''),
  auth_secret: ref,
  auth_header: text(255).nullable().optional(),
  searchable: z.boolean().optional().default(false),
  task_params: jsonObject.nullable().optional(),
  aliases: list(alias, 100).nullable().optional(),
  matchers: list(
    z.object({
      name: text(255).optional().default(''),
      match_type: oneOf(MATCH_TYPES),
      method: oneOf(MATCH_METHODS),
      body_data_type: bodyDataType,
      key: text(1000).optional().default(''),
      value: text(10_000).optional().default(''),
    }),
    1000,
  )
    .nullable()
    .optional(),
  extract_values: list(
    z.object({
      name: text(255).optional().default(''),
      value_source: oneOf(VALUE_SOURCES),
      body_data_type: bodyDataType,
      key: text(1000).optional().default(''),
      variable: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(255),
    }),
    1000,
  )
    .nullable()
    .optional(),
});

const items = <T extends z.ZodType>(item: T) =>
  list(item)
    .nullable()
    .optional()
    .transform((v) => v ?? []);

export const backupBody = z.object(
  {
    meta,
    keys: items(key),
    repositories: items(repository),
    inventories: items(inventory),
    environments: items(environment),
    views: items(view),
    templates: items(template),
    integrations: items(integration),
    integration_aliases: items(alias),
  },
  { error: 'must be a project backup (a JSON object with "meta", "templates", "keys" …)' },
);
export type BackupBody = z.infer<typeof backupBody>;
export type BackupTemplateBody = BackupBody['templates'][number];
