// A template as the form edits it: the API's TemplateInput, from a stored template or blank, and
// the fields whose errors the form shows beside them.
import type { Schemas, Template } from '../api/client';

export type Input = Schemas['TemplateInput'];
export const TERRAFORM = new Set(['terraform', 'tofu', 'terragrunt']);
export const KNOWN = [
  'name',
  'app',
  'type',
  'playbook',
  'repository_id',
  'inventory_id',
  'environment_id',
  'view_id',
  'build_template_id',
  'start_version',
  'git_branch',
  'arguments',
  'description',
  'runner_tag',
  'survey_vars',
  'vaults',
  'task_params',
] as const;
export const ANSIBLE_FLAGS: Array<[string, string]> = [
  ['allow_override_inventory', 'Allow another inventory'],
  ['allow_override_limit', 'Allow a limit'],
  ['allow_override_tags', 'Allow tags'],
  ['allow_override_skip_tags', 'Allow skip tags'],
  ['allow_debug', 'Allow debug'],
  ['allow_override_skip_galaxy_install', 'Allow skipping the galaxy install'],
];

export function blank(app: string): Input {
  return {
    name: '',
    app,
    playbook: '',
    repository_id: 0,
    type: '',
    survey_vars: [],
    vaults: [],
    task_params: {},
    allow_override_args_in_task: false,
    allow_override_branch_in_task: false,
    allow_parallel_tasks: false,
    autorun: false,
    suppress_success_alerts: false,
  };
}

export function inputOf(t: Template): Input {
  return {
    id: t.id,
    name: t.name,
    app: t.app,
    playbook: t.playbook,
    repository_id: t.repository_id,
    inventory_id: t.inventory_id,
    environment_id: t.environment_id,
    arguments: t.arguments,
    allow_override_args_in_task: t.allow_override_args_in_task,
    description: t.description,
    type: t.type,
    start_version: t.start_version,
    build_template_id: t.build_template_id,
    view_id: t.view_id,
    autorun: t.autorun,
    git_branch: t.git_branch,
    survey_vars: t.survey_vars,
    suppress_success_alerts: t.suppress_success_alerts,
    allow_override_branch_in_task: t.allow_override_branch_in_task,
    allow_parallel_tasks: t.allow_parallel_tasks,
    runner_tag: t.runner_tag,
    task_params: t.task_params,
    vaults: t.vaults.map(({ id: _id, ...v }) => v),
  };
}

export function argumentsText(text: string | null | undefined): string {
  try {
    const parsed: unknown = JSON.parse(text || '[]');
    return Array.isArray(parsed) ? parsed.join('\n') : '';
  } catch {
    return text ?? '';
  }
}
