// The write routes of a project's templates and what hangs on them (views, schedules,
// integrations with their matchers, values and aliases): valid calls and the bodies' fields.
import type { Field } from './payloads.ts';
import type { World } from './world.ts';
import { DASHED, HOSTILE_PATHS, NAME, P, PROJECT_ID, bool, ref, resource, str, uniq, type WriteRoute } from './route-spec.ts';

const templateFields: Field[] = [
  NAME, PROJECT_ID, { path: 'app', type: 'enum' }, str('playbook', 2000, { refuses: HOSTILE_PATHS }), ref('repository_id', { required: true }),
  ref('inventory_id', { nullable: true }), ref('environment_id', { nullable: true }), ref('build_template_id', { nullable: true }), ref('view_id', { nullable: true }),
  { path: 'arguments', type: 'json-array-text', nullable: true }, bool('allow_override_args_in_task'), str('description', 10_000, { nullable: true }),
  { path: 'type', type: 'enum' }, str('start_version', 255, { nullable: true }), bool('autorun'), str('git_branch', 255, { nullable: true, refuses: DASHED }),
  { path: 'survey_vars', type: 'array', nullable: true }, str('survey_vars.0.name', 255, { required: true }), str('survey_vars.0.description', 2000),
  bool('survey_vars.0.required'), { path: 'survey_vars.0.values', type: 'array' }, str('survey_vars.0.values.0.value', 2000, { required: true }),
  bool('suppress_success_alerts'), bool('allow_override_branch_in_task'), bool('allow_parallel_tasks'), str('runner_tag', 255, { nullable: true }),
  { path: 'task_params', type: 'record', nullable: true }, { path: 'vaults', type: 'array' }, ref('vaults.0.vault_key_id', { nullable: true }),
  { path: 'vaults.0.type', type: 'enum' }, str('vaults.0.script', 2000, { nullable: true }),
];

const templateBody = (w: World) => ({
  name: uniq('template'), app: 'bash', playbook: 'ok.sh', repository_id: w.a.repositoryId, inventory_id: w.a.inventoryId,
  environment_id: w.a.environmentId, view_id: w.a.viewId, arguments: '["--verbose"]', description: 'runs ok.sh', start_version: '1.0.0',
  git_branch: 'main', runner_tag: '', task_params: { limit: 'web' },
  survey_vars: [{ name: 'region', title: 'Region', required: false, type: '', description: '', values: [{ name: 'EU', value: 'eu' }] }],
  vaults: [{ name: 'vault', vault_key_id: w.a.keyId, type: 'password' }],
});

const scheduleFields: Field[] = [
  PROJECT_ID, ref('template_id', { required: true }), str('name', 255), str('cron_format', 255), bool('active'), ref('repository_id', { nullable: true }),
  { path: 'type', type: 'enum' }, bool('delete_after_run'), { path: 'task_params', type: 'record', nullable: true },
];

const integrationFields: Field[] = [
  NAME, PROJECT_ID, ref('template_id', { required: true }), { path: 'auth_method', type: 'enum' }, ref('auth_secret_id', { nullable: true }),
  str('auth_header', 255, { nullable: true }), bool('searchable'), { path: 'task_params', type: 'record', nullable: true },
];

const partFields = (extra: Field[]): Field[] => [NAME, ref('integration_id'), { path: 'body_data_type', type: 'enum' }, str('key', 1000), ...extra];

export const TEMPLATE_WRITE_ROUTES: WriteRoute[] = [
  ...resource({
    path: `${P}/templates`, param: 'template_id', created: 201, fields: templateFields, fresh: (w) => w.a.o.template(), foreignId: (b) => b.templateId,
    body: templateBody,
    foreign: (w) => ({
      project_id: w.b.projectId, repository_id: w.b.repositoryId, inventory_id: w.b.inventoryId, environment_id: w.b.environmentId,
      build_template_id: w.b.templateId, view_id: w.b.viewId, 'vaults.0.vault_key_id': w.b.keyId,
    }),
    rules: () => [
      { what: 'a deploy template without a build template', patch: { type: 'deploy' }, field: 'build_template_id' },
      { what: 'a bash template without a script', patch: { playbook: '  ' }, field: 'playbook' },
    ],
  }),
  ...resource({
    path: `${P}/views`, param: 'view_id', created: 201, fresh: (w) => w.a.o.view(), foreignId: (b) => b.viewId,
    fields: [{ ...NAME, path: 'title' }, PROJECT_ID, { path: 'position', type: 'int' }],
    body: () => ({ title: uniq('view'), position: 2 }),
    foreign: (w) => ({ project_id: w.b.projectId }),
  }),
  {
    route: `POST ${P}/views/positions`, ok: 204,
    target: async (w) => ({ params: { project_id: w.a.projectId }, body: { [String(await w.a.o.view())]: 5 } }),
    rules: (w) => [
      { what: "another project's view", patch: { [String(w.b.viewId)]: 1 }, field: String(w.b.viewId) },
      { what: 'an unknown view', patch: { '2147483647': 1 }, field: '2147483647' },
      { what: 'a key that is not an id', patch: { 'view-one': 1 }, field: 'view-one' },
      { what: 'a negative position', patch: { [String(w.a.viewId)]: -1 }, field: String(w.a.viewId) },
      { what: 'a position given as text', patch: { [String(w.a.viewId)]: '1' }, field: String(w.a.viewId) },
      { what: 'a position that is an object', patch: { [String(w.a.viewId)]: { p: 1 } }, field: String(w.a.viewId) },
    ],
  },
  ...resource({
    path: `${P}/schedules`, param: 'schedule_id', created: 201, fields: scheduleFields, fresh: (w) => w.a.o.schedule(), foreignId: (b) => b.scheduleId,
    body: (w) => ({ template_id: w.a.templateId, name: uniq('schedule'), cron_format: '0 3 * * *', active: false, repository_id: w.a.repositoryId, type: '', delete_after_run: false, task_params: {} }),
    foreign: (w) => ({ project_id: w.b.projectId, template_id: w.b.templateId, repository_id: w.b.repositoryId }),
    rules: () => [
      { what: 'a cron line of four fields', patch: { cron_format: '* * * *' }, field: 'cron_format' },
      { what: 'a cron line with a shell command', patch: { cron_format: '* * * * * ; rm -rf /' }, field: 'cron_format' },
      { what: 'a run_at schedule without run_at', patch: { type: 'run_at' }, field: 'run_at' },
      { what: 'a run_at that is no date', patch: { type: 'run_at', run_at: 'tomorrow' }, field: 'run_at' },
    ],
  }),
  {
    route: `POST ${P}/schedules/validate`, ok: 200,
    // Upstream answers a bad line with "Cron: …"; a bad body names cron_format.
    fields: [str('cron_format', 255, { required: true, alias: 'Cron' })],
    target: async (w) => ({ params: { project_id: w.a.projectId }, body: { cron_format: '*/10 * * * *' } }),
    rules: () => [{ what: 'a cron line of six fields', patch: { cron_format: '* * * * * *' }, field: 'Cron' }],
  },
  {
    route: `PUT ${P}/schedules/:schedule_id/active`, ok: 204, fields: [{ path: 'active', type: 'bool', required: true }],
    target: async (w) => ({ params: { project_id: w.a.projectId, schedule_id: await w.a.o.schedule() }, body: { active: false } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, schedule_id: w.b.scheduleId }),
  },
  ...resource({
    path: `${P}/integrations`, param: 'integration_id', created: 201, fields: integrationFields, fresh: (w) => w.a.o.integration(), foreignId: (b) => b.integrationId,
    body: (w) => ({ name: uniq('integration'), template_id: w.a.templateId, auth_method: 'hmac', auth_secret_id: w.a.keyId, auth_header: 'X-Hub-Signature', searchable: true, task_params: {} }),
    foreign: (w) => ({ project_id: w.b.projectId, template_id: w.b.templateId, auth_secret_id: w.b.keyId }),
    rules: () => [
      { what: 'token auth without a secret', patch: { auth_method: 'token', auth_secret_id: null }, field: 'auth_secret_id' },
      { what: 'token auth without a header', patch: { auth_method: 'token', auth_header: ' ' }, field: 'auth_header' },
    ],
  }),
  ...resource({
    path: `${P}/integrations/:integration_id/matchers`, param: 'matcher_id', created: 200, foreignId: (b) => b.matcherId,
    parent: (side) => ({ integration_id: side.integrationId }),
    foreignParent: (w) => ({ project_id: w.a.projectId, integration_id: w.b.integrationId }),
    fresh: (w) => w.a.o.matcher(w.a.integrationId),
    fields: partFields([{ path: 'match_type', type: 'enum', required: true }, { path: 'method', type: 'enum', required: true }, str('value', 10_000)]),
    body: () => ({ name: uniq('matcher'), match_type: 'body', method: 'equals', body_data_type: 'json', key: 'ref', value: 'refs/heads/main' }),
    foreign: (w) => ({ integration_id: w.b.integrationId }),
    rules: () => [
      { what: 'a body matcher without a data type', patch: { body_data_type: '' }, field: 'body_data_type' },
      { what: 'a header matcher without a header name', patch: { match_type: 'header', key: '' }, field: 'key' },
    ],
  }),
  ...resource({
    path: `${P}/integrations/:integration_id/values`, param: 'value_id', created: 201, foreignId: (b) => b.valueId,
    parent: (side) => ({ integration_id: side.integrationId }),
    foreignParent: (w) => ({ project_id: w.a.projectId, integration_id: w.b.integrationId }),
    fresh: (w) => w.a.o.value(w.a.integrationId),
    fields: partFields([{ path: 'value_source', type: 'enum', required: true }, str('variable', 255, { required: true })]),
    body: () => ({ name: uniq('value'), value_source: 'body', body_data_type: 'json', key: 'ref', variable: 'ref' }),
    foreign: (w) => ({ integration_id: w.b.integrationId }),
  }),
  {
    route: `POST ${P}/integrations/aliases`, ok: 200, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId } }),
  },
  {
    route: `DELETE ${P}/integrations/aliases/:alias_id`, ok: 204, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, alias_id: await w.a.o.alias(null) } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, alias_id: w.b.projectAliasId }),
  },
  {
    route: `POST ${P}/integrations/:integration_id/aliases`, ok: 200, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, integration_id: w.a.integrationId } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, integration_id: w.b.integrationId }),
  },
  {
    route: `DELETE ${P}/integrations/:integration_id/aliases/:alias_id`, ok: 204, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, integration_id: w.a.integrationId, alias_id: await w.a.o.alias(w.a.integrationId) } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, integration_id: w.a.integrationId, alias_id: w.b.integrationAliasId }),
  },
];

