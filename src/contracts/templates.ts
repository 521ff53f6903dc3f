import { z } from 'zod';
import { id, jsonStringArrayText, name } from './fields.ts';
import { APP_ID } from './admin.ts';

/** The built-in apps; admins may add others (`/api/apps`), so a template's app is any active app id. */
export const TEMPLATE_APPS = [
  'ansible',
  'terraform',
  'tofu',
  'terragrunt',
  'bash',
  'powershell',
  'python',
  'pulumi',
] as const;
export const TEMPLATE_TYPES = ['', 'build', 'deploy'] as const;

export const surveyVar = z.object({
  name: z.string().max(255),
  title: z.string().max(255).optional().default(''),
  required: z.boolean().optional().default(false),
  type: z.string().max(50).optional().default(''),
  description: z.string().max(2000).optional().default(''),
  values: z
    .array(z.object({ name: z.string().max(255), value: z.string().max(2000) }))
    .max(1000)
    .optional(),
  default_value: z.union([z.string(), z.array(z.string())]).optional(),
});

export const templateBody = z.object({
  id: id.optional(),
  project_id: id.optional(),
  name,
  // Which ids are apps, and active, is checked against /api/apps when the template is saved.
  app: z.string().regex(APP_ID, 'Invalid app id').optional().default('ansible'),
  playbook: z.string().max(2000).optional().default(''),
  repository_id: id,
  inventory_id: id.nullable().optional(),
  environment_id: id.nullable().optional(),
  arguments: jsonStringArrayText.nullable().optional(),
  allow_override_args_in_task: z.boolean().optional().default(false),
  description: z.string().max(10_000).nullable().optional(),
  type: z.enum(TEMPLATE_TYPES).optional().default(''),
  start_version: z.string().max(255).nullable().optional(),
  build_template_id: id.nullable().optional(),
  view_id: id.nullable().optional(),
  autorun: z.boolean().optional().default(false),
  git_branch: z
    .string()
    .max(255)
    .refine((b) => !b.startsWith('-'), 'must not start with "-"')
    .nullable()
    .optional(),
  survey_vars: z.array(surveyVar).max(1000).nullable().optional(),
  suppress_success_alerts: z.boolean().optional().default(false),
  allow_override_branch_in_task: z.boolean().optional().default(false),
  allow_parallel_tasks: z.boolean().optional().default(false),
  runner_tag: z.string().max(255).nullable().optional(),
  task_params: z.record(z.string(), z.unknown()).nullable().optional(),
  vaults: z
    .array(
      z.object({
        id: id.optional(),
        name: z.string().max(255).nullable().optional(),
        vault_key_id: id.nullable().optional(),
        type: z.enum(['password', 'script']).optional(),
        script: z.string().max(2000).nullable().optional(),
      }),
    )
    .max(100)
    .optional(),
});
export type TemplateBody = z.infer<typeof templateBody>;
