// Response bodies as zod schemas, one per presenter in ../presenters.ts (and the few shapes that
// services answer directly). presenter-checks.ts holds them to the presenters at compile time;
// test/api-reference.test.ts checks real answers against them.
import { z } from 'zod';
import { ROLES } from '../../domain/project-roles.ts';
import { TASK_STATUSES } from '../../domain/task-status.ts';
import { KEY_TYPES } from '../../contracts/keys.ts';
import { INVENTORY_TYPES } from '../../contracts/inventories.ts';
import { surveyVar, TEMPLATE_TYPES } from '../../contracts/templates.ts';
import { SCHEDULE_TYPES } from '../../contracts/schedules.ts';
import {
  AUTH_METHODS,
  BODY_DATA_TYPES,
  MATCH_METHODS,
  MATCH_TYPES,
  VALUE_SOURCES,
} from '../../contracts/integrations.ts';
import { named } from './operation.ts';

const int = z.number().int();
// Dates as JSON.stringify writes them (ISO 8601, UTC).
const time = z.string().meta({ format: 'date-time' });
const jsonObject = z.record(z.string(), z.unknown());
const bodyDataType = z.enum(['', ...BODY_DATA_TYPES]);

export const errorResponse = named(
  'Error',
  z.object({
    error: z
      .string()
      .meta({ description: 'What went wrong, naming the field or object, e.g. "inventory 7 not found in project 3".' }),
    inUse: z
      .boolean()
      .optional()
      .meta({ description: 'Set when an object cannot be deleted because others refer to it.' }),
  }),
);

export const user = named(
  'User',
  z.object({
    id: int,
    username: z.string(),
    name: z.string(),
    email: z.string(),
    created: time,
    admin: z.boolean(),
    external: z.boolean(),
    alert: z.boolean(),
  }),
);
export const totpSummary = named(
  'UserTotp',
  z.object({ id: int, user_id: int, created: time }).meta({
    description: "The user's TOTP authenticator; its otpauth URL (the shared secret) is never shown again.",
  }),
);
export const totpEnrolment = named(
  'UserTotpEnrolment',
  totpSummary.schema.extend({
    url: z.string().meta({ description: 'The otpauth:// URL holding the shared secret: shown in this answer only.' }),
    recovery_code: z
      .string()
      .optional()
      .meta({ description: 'The one-use recovery code, when recovery is allowed: shown in this answer only.' }),
  }),
);
const authMethods = z
  .object({ totp: z.object({ allow_recovery: z.boolean() }).optional() })
  .meta({ description: 'Second factors on offer: `totp` while TOTP two-factor sign-in is enabled.' });
export const userAccount = named('UserAccount', user.schema.extend({ totp: totpSummary.schema.optional() }));
export const currentUser = named(
  'CurrentUser',
  user.schema.extend({ can_create_project: z.boolean(), totp: totpSummary.schema.optional() }),
);
export const userSummary = named('UserSummary', z.object({ id: int, username: z.string(), name: z.string() }));
export const projectUser = named(
  'ProjectUser',
  z.object({ id: int, username: z.string(), name: z.string(), role: z.enum(ROLES) }),
);
export const apiToken = named(
  'ApiToken',
  z.object({ id: z.string(), created: time, expired: z.boolean(), user_id: int }),
);

export const event = named(
  'Event',
  z.object({
    user_id: int.optional(),
    project_id: int.optional(),
    object_id: int.nullable(),
    object_type: z.string(),
    description: z.string(),
    created: time,
    object_name: z.string().optional(),
    project_name: z.string().optional(),
    username: z.string().optional(),
  }),
);

export const project = named(
  'Project',
  z.object({
    id: int,
    name: z.string(),
    created: time,
    alert: z.boolean(),
    alert_chat: z.string().nullable(),
    max_parallel_tasks: int,
    type: z.string(),
  }),
);
export const projectRole = named(
  'ProjectRole',
  z.object({
    role: z
      .union([z.enum(ROLES), z.literal('')])
      .meta({ description: 'Empty for an administrator who is not a member.' }),
    permissions: int.meta({
      description: 'Permission bits: 1 run tasks, 2 update project, 4 manage resources, 8 manage users.',
    }),
  }),
);

export const accessKey = named(
  'AccessKey',
  z.object({
    id: int,
    name: z.string(),
    type: z.enum(KEY_TYPES),
    project_id: int.nullable(),
    string: z.literal(''),
    login_password: z.object({ login: z.literal(''), password: z.literal('') }),
    ssh: z.object({ login: z.literal(''), passphrase: z.literal(''), private_key: z.literal('') }),
    override_secret: z.literal(false),
    empty: z.boolean().meta({ description: 'True when the key holds no secret. Secrets are never shown.' }),
  }),
);

export const repository = named(
  'Repository',
  z.object({
    id: int,
    name: z.string(),
    project_id: int,
    git_url: z.string(),
    git_branch: z.string(),
    ssh_key_id: int,
  }),
);

export const inventory = named(
  'Inventory',
  z.object({
    id: int,
    name: z.string(),
    project_id: int,
    inventory: z.string(),
    ssh_key_id: int.nullable(),
    become_key_id: int.nullable(),
    type: z.enum(INVENTORY_TYPES),
    holder_id: int.nullable(),
    repository_id: int.nullable(),
    runner_tag: z.string().nullable(),
  }),
);

export const environment = named(
  'Environment',
  z.object({
    id: int,
    name: z.string(),
    project_id: int,
    password: z
      .string()
      .optional()
      .describe('The vault password; left out for members who may not edit environments (guests, task runners).'),
    json: z.string(),
    env: z.string(),
    secrets: z.array(z.object({ id: int, type: z.enum(['var', 'env']), name: z.string(), secret: z.literal('') })),
  }),
);

export const task = named(
  'Task',
  z.object({
    id: int,
    template_id: int,
    project_id: int,
    status: z.enum(TASK_STATUSES),
    debug: z.boolean(),
    dry_run: z.boolean(),
    diff: z.boolean(),
    playbook: z.string(),
    environment: z.string(),
    arguments: z.string().nullable(),
    git_branch: z.string().nullable(),
    limit: z.string(),
    user_id: int.nullable(),
    integration_id: int.nullable(),
    schedule_id: int.nullable(),
    created: time,
    start: time.nullable(),
    end: time.nullable(),
    message: z.string(),
    commit_hash: z.string().nullable(),
    commit_message: z.string(),
    build_task_id: int.nullable(),
    version: z.string().nullable(),
    inventory_id: int.nullable(),
    params: jsonObject,
  }),
);
export const taskWithTemplate = named(
  'TaskWithTemplate',
  task.schema.extend({
    tpl_playbook: z.string(),
    tpl_alias: z.string(),
    tpl_type: z.string(),
    tpl_app: z.string(),
    user_name: z.string().nullable(),
  }),
);
export const taskStage = named(
  'TaskStage',
  z.object({
    id: int,
    task_id: int,
    start: time.nullable(),
    end: time.nullable(),
    start_output_id: int.nullable().describe('`id` of the first output line of the stage; null when it wrote none.'),
    end_output_id: int.nullable().describe('`id` of the last output line of the stage; null when it wrote none.'),
    type: z.enum(['repository_clone', 'terraform_plan', 'terraform_apply', 'running']),
    result: z.null().describe('Upstream fills this with a parsed summary for some stages; Signalman keeps none.'),
  }),
);

export const template = named(
  'Template',
  z.object({
    id: int,
    project_id: int,
    inventory_id: int.nullable(),
    repository_id: int,
    environment_id: int.nullable(),
    name: z.string(),
    playbook: z.string(),
    arguments: z.string().nullable(),
    allow_override_args_in_task: z.boolean(),
    description: z.string().nullable(),
    type: z.enum(TEMPLATE_TYPES),
    start_version: z.string().nullable(),
    build_template_id: int.nullable(),
    view_id: int.nullable(),
    autorun: z.boolean(),
    git_branch: z.string().nullable(),
    survey_vars: z.array(surveyVar),
    suppress_success_alerts: z.boolean(),
    app: z.string(),
    task_params: jsonObject,
    runner_tag: z.string().nullable(),
    allow_override_branch_in_task: z.boolean(),
    allow_parallel_tasks: z.boolean(),
    vaults: z.array(
      z.object({
        id: int,
        name: z.string().nullable(),
        vault_key_id: int.nullable(),
        type: z.enum(['password', 'script']),
        script: z.string().nullable(),
      }),
    ),
    last_task: taskWithTemplate.schema
      .nullable()
      .describe("The template's last task (its highest id), null when it never ran."),
  }),
);

export const taskOutput = named(
  'TaskOutput',
  z.object({
    id: int.describe('The row of this line; stages name their first and last lines by it.'),
    task_id: int,
    stage_id: int.nullable().describe('The stage that wrote this line, once that stage has ended.'),
    task: z.string(),
    time,
    output: z.string(),
    continued: z
      .literal(true)
      .optional()
      .describe('Only on a piece of a line longer than 64 Ki UTF-16 units: the next row goes on with this line.'),
  }),
);

export const view = named('View', z.object({ id: int, project_id: int, title: z.string(), position: int }));

export const schedule = named(
  'Schedule',
  z.object({
    id: int,
    project_id: int,
    template_id: int,
    cron_format: z.string(),
    name: z.string(),
    active: z.boolean(),
    repository_id: int.nullable(),
    type: z.enum(SCHEDULE_TYPES),
    run_at: time.nullable(),
    delete_after_run: z.boolean(),
    task_params: jsonObject,
    tpl_name: z.string().optional().meta({ description: "The template's name; in lists only." }),
  }),
);

export const integration = named(
  'Integration',
  z.object({
    id: int,
    name: z.string(),
    project_id: int,
    template_id: int,
    auth_method: z.enum(AUTH_METHODS),
    auth_secret_id: int.nullable(),
    auth_header: z.string(),
    searchable: z.boolean(),
    task_params: jsonObject,
  }),
);
export const integrationMatcher = named(
  'IntegrationMatcher',
  z.object({
    id: int,
    integration_id: int,
    name: z.string(),
    match_type: z.enum(MATCH_TYPES),
    method: z.enum(MATCH_METHODS),
    body_data_type: bodyDataType,
    key: z.string(),
    value: z.string(),
  }),
);
export const integrationExtractValue = named(
  'IntegrationExtractValue',
  z.object({
    id: int,
    integration_id: int,
    name: z.string(),
    value_source: z.enum(VALUE_SOURCES),
    body_data_type: bodyDataType,
    key: z.string(),
    variable: z.string(),
  }),
);
export const integrationAlias = named(
  'IntegrationAlias',
  z.object({
    id: int,
    url: z.string().meta({ description: 'The webhook address this alias makes.' }),
  }),
);

export const runner = named(
  'Runner',
  z.object({
    id: int,
    project_id: int.nullable(),
    name: z.string(),
    webhook: z.string(),
    max_parallel_tasks: int,
    active: z.boolean(),
    tag: z.string(),
    touched: time.nullable(),
  }),
);
export const newRunner = named(
  'NewRunner',
  runner.schema.extend({ token: z.string().meta({ description: 'Shown once, in this answer only.' }) }),
);

export const references = named(
  'References',
  z.record(z.string(), z.array(z.object({ id: int, name: z.string() }))).meta({
    description:
      'The objects that refer to this one, by kind (templates, inventories, repositories, schedules, integrations …).',
  }),
);

export const info = named(
  'Info',
  z.object({
    version: z.string(),
    ansible: z.string(),
    web_host: z.string(),
    use_remote_runner: z.boolean(),
    schedule_timezone: z.string(),
    auth_methods: authMethods,
    temporal_ui_url: z.string().optional().meta({
      description:
        "Administrators only, when known (`temporal.ui_url`, or `start`'s own dev server): the Temporal Web UI, where a task's workflow is `task-<id>` in `temporal_namespace`.",
    }),
    temporal_namespace: z
      .string()
      .optional()
      .meta({ description: 'With `temporal_ui_url`: the Temporal namespace of the workflows.' }),
  }),
);
export const loginOptions = named(
  'LoginOptions',
  z.object({
    oidc_providers: z
      .array(
        z.object({
          id: z.string().meta({ description: 'Used in /api/auth/oidc/{provider_id}/login.' }),
          name: z.string().meta({ description: 'Text of the sign-in button (display_name, else the id).' }),
          color: z.string(),
          icon: z.string(),
        }),
      )
      .meta({ description: 'The OpenID Connect providers, by their `order`, then id.' }),
    login_with_password: z.boolean().meta({ description: 'False when `password_login_disable` is set.' }),
    auth_methods: authMethods,
  }),
);

export const app = named(
  'App',
  z.object({
    id: z.string(),
    title: z.string(),
    icon: z.string(),
    color: z.string(),
    dark_color: z.string(),
    dark_icon: z.string(),
    active: z.boolean(),
    priority: int,
    path: z.string(),
    args: z.array(z.string()),
  }),
);
export const options = named('Options', z.record(z.string(), z.string()));
export const option = named('Option', z.object({ key: z.string(), value: z.string() }));

export const activeTask = named(
  'ActiveTask',
  z.object({
    task_id: int,
    project_id: int,
    project_name: z.string(),
    username: z.string(),
    runner_id: int.nullable(),
    runner_name: z.string(),
    status: z.enum(TASK_STATUSES),
    location: z.enum(['queue', 'running']),
  }),
);
