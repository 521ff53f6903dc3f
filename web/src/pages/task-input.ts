// What a task may change, as a form's state: read from a template (and, for a schedule or an
// integration, from its stored `task_params`) and written back as the task body the API takes
// (POST /tasks, or a schedule's or integration's `task_params`). The fields are in task-fields.tsx.
import { ApiError, type Schemas, type Template } from '../api/client';
import { linesOf } from '../ui/form';
import { argumentsOf, listText, surveyDefault } from './run-fields';

export const TERRAFORM = new Set(['terraform', 'tofu', 'terragrunt']);

/** The fields a task body names in the API's refusals (`field: why`). */
export const TASK_FIELDS = [
  'message',
  'git_branch',
  'commit_hash',
  'inventory_id',
  'limit',
  'params.limit',
  'params.tags',
  'params.skip_tags',
  'arguments',
  'environment',
  'secret',
  'debug',
  'params.debug',
  'params.debug_level',
  'params.skip_galaxy_install',
  'params.destroy',
  'params.auto_approve',
  'dry_run',
  'diff',
  'params',
] as const;

/** A task body without its template: what POST /tasks takes besides `template_id`. */
export type TaskBody = Omit<Schemas['TaskInput'], 'template_id'>;

export interface TaskInput {
  message: string;
  branch: string;
  inventoryId: string;
  limit: string;
  tags: string;
  skipTags: string;
  args: string;
  survey: Record<string, string>;
  flags: Record<string, boolean>;
  debugLevel: string;
  /** Extra (non-survey) variables: JSON object text, for members who may edit the template. */
  extra: string;
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function jsonObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return record(text);
  try {
    return record(JSON.parse(text || '{}'));
  } catch {
    return {};
  }
}

/**
 * A run's form: the template's defaults. A schedule's or an integration's (`stored`, its task_params,
 * `{}` for a new one): what they store, empty meaning the template's at the time the task starts.
 */
export function initialTaskInput(template: Template, stored?: Record<string, unknown> | null): TaskInput {
  const tp = stored == null ? record(template.task_params) : {};
  const s = record(stored);
  const params = record(s.params);
  const env = jsonObject(s.environment);
  const surveyNames = new Set(template.survey_vars.map((v) => v.name));
  const extra = Object.fromEntries(Object.entries(env).filter(([k]) => !surveyNames.has(k)));
  const flags: Record<string, boolean> = {};
  for (const f of ['debug', 'dry_run', 'diff']) if (s[f] === true || params[f] === true) flags[f] = true;
  for (const f of ['skip_galaxy_install', 'plan', 'destroy', 'auto_approve', 'upgrade', 'reconfigure'])
    if (params[f] === true) flags[f] = true;
  if (typeof params.debug_level === 'number') flags.debug = true;
  const templateDefault = stored == null;
  return {
    message: typeof s.message === 'string' ? s.message : '',
    branch: typeof s.git_branch === 'string' ? s.git_branch : templateDefault ? (template.git_branch ?? '') : '',
    inventoryId: s.inventory_id
      ? String(s.inventory_id)
      : templateDefault && template.inventory_id
        ? String(template.inventory_id)
        : '',
    limit: listText(s.limit || params.limit || tp.limit),
    tags: listText(params.tags ?? tp.tags),
    skipTags: listText(params.skip_tags ?? tp.skip_tags),
    // The template's own arguments always come first (the app gets both): never copied in here.
    args: typeof s.arguments === 'string' ? argumentsOf(s.arguments) : '',
    survey: Object.fromEntries(
      template.survey_vars.map((v) => [v.name, v.name in env ? String(env[v.name]) : surveyDefault(v)]),
    ),
    flags,
    debugLevel: typeof params.debug_level === 'number' ? String(params.debug_level) : '4',
    extra: Object.keys(extra).length ? JSON.stringify(extra, null, 2) : '',
  };
}

/**
 * The task body (without template_id) for what the form offers: only what the template allows,
 * extra variables only when `withExtra`, secret survey values only when `withSecrets` (a schedule
 * or an integration stores its task_params, and secrets are stored nowhere).
 */
export function taskBodyOf(
  template: Template,
  input: TaskInput,
  opts: { withExtra: boolean; withSecrets: boolean },
): TaskBody {
  const tp = record(template.task_params);
  const allows = (flag: string) => tp[flag] === true;
  const flag = (name: string) => input.flags[name] === true;
  const ansible = template.app === 'ansible';
  let environment: Record<string, unknown> = {};
  if (opts.withExtra && input.extra.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.extra);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new ApiError(400, 'environment: the extra variables must be a JSON object, e.g. {"name": "value"}');
    environment = { ...(parsed as Record<string, unknown>) };
  }
  const secret: Record<string, unknown> = {};
  for (const v of template.survey_vars) {
    const value = input.survey[v.name] ?? '';
    if (value === '' && !v.required) continue;
    if (v.type === 'secret') {
      if (opts.withSecrets) secret[v.name] = value;
    } else environment[v.name] = v.type === 'int' ? Number(value) : v.type === 'boolean' ? value === 'true' : value;
  }
  const params: Record<string, unknown> = {};
  if (allows('allow_override_tags') && input.tags.trim()) params.tags = input.tags;
  if (allows('allow_override_skip_tags') && input.skipTags.trim()) params.skip_tags = input.skipTags;
  if (ansible && allows('allow_debug') && flag('debug')) params.debug_level = Number(input.debugLevel);
  if (ansible && flag('skip_galaxy_install')) params.skip_galaxy_install = true;
  if (TERRAFORM.has(template.app))
    for (const f of ['plan', 'destroy', 'auto_approve', 'upgrade', 'reconfigure']) if (flag(f)) params[f] = true;
  return {
    message: input.message,
    playbook: '',
    debug: ansible && flag('debug'),
    dry_run: ansible && flag('dry_run'),
    diff: ansible && flag('diff'),
    environment: Object.keys(environment).length ? JSON.stringify(environment) : '',
    ...(Object.keys(secret).length ? { secret: JSON.stringify(secret) } : {}),
    limit: allows('allow_override_limit') ? input.limit.trim() : '',
    ...(template.allow_override_args_in_task ? { arguments: JSON.stringify(linesOf(input.args)) } : {}),
    ...(template.allow_override_branch_in_task && input.branch ? { git_branch: input.branch } : {}),
    ...(allows('allow_override_inventory') && input.inventoryId ? { inventory_id: Number(input.inventoryId) } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}

/** A body without what is empty (`""`, `false`, `[]` text, `{}`): a schedule's or integration's stored task_params. */
export function storedParams(body: TaskBody): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([, v]) =>
        v !== '' &&
        v !== false &&
        v !== null &&
        v !== undefined &&
        v !== '[]' &&
        !(typeof v === 'object' && !Object.keys(v).length),
    ),
  );
}
