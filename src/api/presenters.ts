// Response shapes: Semaphore's JSON field names, and never a secret. JSON text columns are read
// with jsonColumn: bad stored JSON is a StoredJsonError, which the error handler answers as a 500
// naming the row (README, "Bad stored JSON").
import type { Db } from '../store/db.ts';
import { jsonColumn } from '../store/json-columns.ts';
import type { EventWithNames } from '../services/event-feed.ts';
import type { TaskListItem } from '../services/tasks.ts';

type Row<K extends keyof Db> = Db[K] extends { findUniqueOrThrow: (...a: never[]) => Promise<infer R> } ? R : never;

export const presentUser = (u: Row<'user'>) => ({
  id: u.id,
  username: u.username,
  name: u.name,
  email: u.email,
  created: u.created,
  admin: u.admin,
  external: u.external,
  alert: u.alert,
});

/** What non-administrators see of other accounts. */
export const presentUserSummary = (u: Row<'user'>) => ({ id: u.id, username: u.username, name: u.name });

export const presentProjectUser = (m: Row<'projectUser'> & { user: Row<'user'> }) => ({
  id: m.user.id,
  username: m.user.username,
  name: m.user.name,
  role: m.role,
});

/** Semaphore's spec types user_id and project_id as integers, so references that are absent are left out. */
export const presentEvent = (e: EventWithNames) => ({
  ...(e.user_id !== null ? { user_id: e.user_id } : {}),
  ...(e.project_id !== null ? { project_id: e.project_id } : {}),
  object_id: e.object_id,
  object_type: e.object_type,
  description: e.description,
  created: e.created,
  ...(e.object_name !== null ? { object_name: e.object_name } : {}),
  ...(e.project_name !== null ? { project_name: e.project_name } : {}),
  ...(e.username !== null ? { username: e.username } : {}),
});

export const presentProject = (p: Row<'project'>) => ({
  id: p.id,
  name: p.name,
  created: p.created,
  alert: p.alert,
  alert_chat: p.alert_chat,
  max_parallel_tasks: p.max_parallel_tasks,
  type: p.type,
});

export const presentKey = (k: Row<'accessKey'>) => ({
  id: k.id,
  name: k.name,
  type: k.type,
  project_id: k.project_id,
  string: '',
  login_password: { login: '', password: '' },
  ssh: { login: '', passphrase: '', private_key: '' },
  override_secret: false,
  empty: !k.secret,
});

export const presentRepository = (r: Row<'repository'>) => ({
  id: r.id,
  name: r.name,
  project_id: r.project_id,
  git_url: r.git_url,
  git_branch: r.git_branch,
  ssh_key_id: r.ssh_key_id,
});

export const presentInventory = (i: Row<'inventory'>) => ({
  id: i.id,
  name: i.name,
  project_id: i.project_id,
  inventory: i.inventory,
  ssh_key_id: i.ssh_key_id,
  become_key_id: i.become_key_id,
  type: i.type,
  holder_id: i.holder_id,
  repository_id: i.repository_id,
  runner_tag: i.runner_tag,
});

/**
 * An environment. Its vault `password` is shown only to those who may edit environments
 * (`showPassword`); for others the field is left out, which Semaphore's schema allows.
 */
export const presentEnvironment = (
  e: Row<'environment'> & { secrets: Array<Row<'accessKey'>> },
  showPassword: boolean,
) => ({
  // No env vars and no password are shown as the spec's strings: '{}' and ''.
  id: e.id,
  name: e.name,
  project_id: e.project_id,
  ...(showPassword ? { password: e.password ?? '' } : {}),
  json: e.json,
  env: e.env ?? '{}',
  secrets: e.secrets.map((s) => {
    const dot = s.name.indexOf('.');
    return { id: s.id, type: s.name.slice(0, dot), name: s.name.slice(dot + 1), secret: '' };
  }),
});

/** A template; `lastTask` where the answer carries Semaphore's `last_task` (null: never run, or not looked up). */
export const presentTemplate = (
  t: Row<'template'> & { vaults: Array<Row<'templateVault'>>; lastTask?: TaskListItem | null },
) => ({
  id: t.id,
  project_id: t.project_id,
  inventory_id: t.inventory_id,
  repository_id: t.repository_id,
  environment_id: t.environment_id,
  name: t.name,
  playbook: t.playbook,
  arguments: t.arguments,
  allow_override_args_in_task: t.allow_override_args_in_task,
  description: t.description,
  type: t.type,
  start_version: t.start_version,
  build_template_id: t.build_template_id,
  view_id: t.view_id,
  autorun: t.autorun,
  git_branch: t.git_branch,
  survey_vars: jsonColumn('template', t, 'survey_vars'),
  suppress_success_alerts: t.suppress_success_alerts,
  app: t.app,
  task_params: jsonColumn('template', t, 'task_params'),
  runner_tag: t.runner_tag,
  allow_override_branch_in_task: t.allow_override_branch_in_task,
  allow_parallel_tasks: t.allow_parallel_tasks,
  vaults: t.vaults.map((v) => ({
    id: v.id,
    name: v.name,
    vault_key_id: v.vault_key_id,
    type: v.type,
    script: v.script,
  })),
  last_task: t.lastTask ? presentTaskWithTpl(t.lastTask) : null,
});

export const presentTask = (t: Row<'task'>) => ({
  id: t.id,
  template_id: t.template_id,
  project_id: t.project_id,
  status: t.status,
  debug: t.debug,
  dry_run: t.dry_run,
  diff: t.diff,
  playbook: t.playbook,
  environment: t.environment,
  arguments: t.arguments,
  git_branch: t.git_branch,
  limit: t.hosts_limit,
  user_id: t.user_id,
  integration_id: t.integration_id,
  schedule_id: t.schedule_id,
  created: t.created,
  start: t.start,
  end: t.end,
  message: t.message,
  commit_hash: t.commit_hash,
  commit_message: t.commit_message,
  build_task_id: t.build_task_id,
  version: t.version,
  inventory_id: t.inventory_id,
  params: jsonColumn('task', t, 'params'),
});

/** A task as Semaphore lists them (TaskWithTpl): with its template's summary and its user's name. */
export function presentTaskWithTpl(item: TaskListItem) {
  return {
    ...presentTask(item.task),
    tpl_playbook: item.template?.playbook ?? '',
    tpl_alias: item.template?.name ?? '',
    tpl_type: item.template?.type ?? '',
    tpl_app: item.template?.app ?? '',
    user_name: item.userName,
  };
}

/** `continued` appears only on a piece of a long line (Signalman's addition; Semaphore's clients ignore it). */
export const presentTaskOutput = (o: Row<'taskOutput'>) => ({
  id: o.id,
  task_id: o.task_id,
  stage_id: o.stage_id,
  task: o.task,
  time: o.time,
  output: o.output,
  ...(o.continued ? { continued: true as const } : {}),
});

/** A stage of a run; `result` (upstream's parsed summaries, task__stage_result) is not kept: null. */
export const presentTaskStage = (s: Row<'taskStage'>) => ({
  id: s.id,
  task_id: s.task_id,
  start: s.start,
  end: s.end,
  start_output_id: s.start_output_id,
  end_output_id: s.end_output_id,
  type: s.type,
  result: null,
});

/** A listed token shows its first characters as `id`, never the token (only its creation answer has it). */
export const presentApiToken = (t: Row<'apiToken'>) => ({
  id: t.prefix,
  created: t.created,
  expired: t.expired,
  user_id: t.user_id,
});

export const presentView = (v: Row<'view'>) => ({
  id: v.id,
  project_id: v.project_id,
  title: v.title,
  position: v.position,
});

/** Schedule; list rows carry the template's name too (Semaphore's ScheduleWithTpl). */
export const presentSchedule = (s: Row<'schedule'> & { tpl_name?: string }) => ({
  id: s.id,
  project_id: s.project_id,
  template_id: s.template_id,
  cron_format: s.cron_format,
  name: s.name,
  active: s.active,
  repository_id: s.repository_id,
  type: s.type,
  run_at: s.run_at,
  delete_after_run: s.delete_after_run,
  task_params: jsonColumn('schedule', s, 'task_params'),
  ...(s.tpl_name !== undefined ? { tpl_name: s.tpl_name } : {}),
});

export const presentIntegration = (i: Row<'integration'>) => ({
  id: i.id,
  name: i.name,
  project_id: i.project_id,
  template_id: i.template_id,
  auth_method: i.auth_method,
  auth_secret_id: i.auth_secret_id,
  auth_header: i.auth_header ?? '',
  searchable: i.searchable,
  task_params: jsonColumn('integration', i, 'task_params'),
});

export const presentIntegrationMatcher = (m: Row<'integrationMatcher'>) => ({
  id: m.id,
  integration_id: m.integration_id,
  name: m.name,
  match_type: m.match_type,
  method: m.method,
  body_data_type: m.body_data_type,
  key: m.key,
  value: m.value,
});

export const presentIntegrationExtractValue = (v: Row<'integrationExtractValue'>) => ({
  id: v.id,
  integration_id: v.integration_id,
  name: v.name,
  value_source: v.value_source,
  body_data_type: v.body_data_type,
  key: v.key,
  variable: v.variable,
});

/** An alias is shown as the webhook URL it makes (`base` is the server's public address). */
export const presentIntegrationAlias = (a: Row<'integrationAlias'>, base: string) => ({
  id: a.id,
  url: `${base.replace(/\/+$/, '')}/api/integrations/${a.alias}`,
});

/** A runner without its token (only its creation answer carries the token, once). */
export const presentRunner = (r: Row<'runner'>) => ({
  id: r.id,
  project_id: r.project_id,
  name: r.name,
  webhook: r.webhook,
  max_parallel_tasks: r.max_parallel_tasks,
  active: r.active,
  tag: r.tag,
  touched: r.touched,
});
