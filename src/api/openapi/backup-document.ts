// GET /api/project/{project_id}/backup answers Semaphore's backup document (services/backup/format.ts):
// references by name, keys without secrets. POST /api/projects/restore takes the same document.
import { z } from 'zod';
import { named } from './operation.ts';

const int = z.number().int();
const ref = z.string().optional();
const text = z.string().optional();
const jsonObject = z.record(z.string(), z.unknown());

const matcher = z.object({
  name: z.string(),
  match_type: z.string(),
  method: z.string(),
  body_data_type: z.string(),
  key: z.string(),
  value: z.string(),
});
const extractValue = z.object({
  name: z.string(),
  value_source: z.string(),
  body_data_type: z.string(),
  key: z.string(),
  variable: z.string(),
});

const template = z.object({
  name: z.string(),
  app: z.string(),
  playbook: z.string(),
  arguments: text,
  allow_override_args_in_task: z.boolean(),
  description: text,
  type: z.string(),
  start_version: text,
  autorun: z.boolean(),
  git_branch: text,
  survey_vars: z.array(z.unknown()).optional(),
  suppress_success_alerts: z.boolean(),
  task_params: jsonObject.optional(),
  runner_tag: text,
  allow_override_branch_in_task: z.boolean(),
  allow_parallel_tasks: z.boolean(),
  repository: ref,
  inventory: ref,
  environment: ref,
  view: ref,
  build_template: ref,
  vaults: z.array(z.object({ name: text, vault_key: ref, type: z.string(), script: text })),
  cron: text,
});

const integration = z.object({
  name: z.string(),
  template: ref,
  auth_method: z.string(),
  auth_secret: ref,
  auth_header: text,
  searchable: z.boolean(),
  task_params: jsonObject.optional(),
  aliases: z.array(z.string()),
  matchers: z.array(matcher),
  extract_values: z.array(extractValue),
});

export const backupDocument = named(
  'ProjectBackup',
  z.object({
    meta: z.object({
      name: z.string(),
      alert: z.boolean(),
      alert_chat: text,
      max_parallel_tasks: int,
      type: z.string(),
    }),
    templates: z.array(template),
    repositories: z.array(z.object({ name: z.string(), git_url: z.string(), git_branch: z.string(), ssh_key: ref })),
    keys: z.array(z.object({ name: z.string(), type: z.string() })),
    views: z.array(z.object({ title: z.string(), position: int })),
    inventories: z.array(
      z.object({
        name: z.string(),
        inventory: z.string(),
        type: z.string(),
        ssh_key: ref,
        become_key: ref,
        repository: ref,
        runner_tag: text,
      }),
    ),
    environments: z.array(z.object({ name: z.string(), password: text, json: z.string(), env: text })),
    integrations: z.array(integration),
    integration_aliases: z.array(z.string()),
  }),
);
