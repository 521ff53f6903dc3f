// The write routes under /api/project/{project_id}: their valid calls and their bodies' fields.
import type { Field } from './payloads.ts';
import type { World } from './world.ts';
import { NAME, PROJECT_ID, bool, idField, ref, resource, str, uniq, type WriteRoute } from './route-spec.ts';
import { memberOf, tokenUser } from '../authz-scene.ts';

const P = '/api/project/:project_id';
const HOSTILE_PATHS = ['../../etc/passwd', 'a/../../b'];
const DASHED = ['-rf', '--upload-pack=touch /tmp/pwned'];

const keyFields: Field[] = [
  NAME, { path: 'type', type: 'enum', required: true }, PROJECT_ID, str('string', 1_000_000),
  { path: 'login_password', type: 'object' }, str('login_password.login', 1000), str('login_password.password', 10_000),
  { path: 'ssh', type: 'object' }, str('ssh.login', 1000), str('ssh.passphrase', 10_000), str('ssh.private_key', 100_000),
  bool('override_secret'),
];

const repositoryFields: Field[] = [
  NAME, PROJECT_ID, str('git_url', 2000, { required: true, refuses: DASHED }), str('git_branch', 255, { refuses: DASHED }), ref('ssh_key_id', { required: true }),
];

const inventoryFields: Field[] = [
  NAME, PROJECT_ID, str('inventory', 1_000_000), ref('ssh_key_id', { nullable: true }), ref('become_key_id', { nullable: true }),
  ref('repository_id', { nullable: true }), { path: 'type', type: 'enum' }, str('runner_tag', 255, { nullable: true }),
];

const environmentFields: Field[] = [
  NAME, PROJECT_ID, str('password', 10_000, { nullable: true }), { path: 'json', type: 'json-object-text' },
  { path: 'env', type: 'json-object-text', nullable: true }, { path: 'secrets', type: 'array' },
  { path: 'secrets.0', type: 'object' }, { path: 'secrets.0.type', type: 'enum', required: true }, str('secrets.0.name', 255, { required: true }),
  str('secrets.0.secret', 100_000), { path: 'secrets.0.operation', type: 'enum' }, idField('secrets.0.id'),
];

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

const taskFields: Field[] = [
  ref('template_id', { required: true }), bool('debug'), bool('dry_run'), bool('diff'), str('playbook', 2000, { refuses: HOSTILE_PATHS }),
  { path: 'environment', type: 'json-object-text' }, { path: 'secret', type: 'json-object-text' }, str('limit', 10_000),
  { path: 'arguments', type: 'json-array-text', nullable: true }, str('git_branch', 255, { nullable: true, refuses: DASHED }), str('message', 250),
  ref('inventory_id', { nullable: true }), ref('build_task_id', { nullable: true }),
  str('commit_hash', undefined, { nullable: true, refuses: ['$(id)', '; rm -rf /', '-rf', 'HEAD~1'] }), { path: 'params', type: 'record' },
];

/** Waits for the task an accepted request started or stopped to finish. */
async function taskSettles(w: World, taskId: number): Promise<void> {
  await w.admin.waitForTask(w.a.projectId, taskId);
}

export const PROJECT_WRITE_ROUTES: WriteRoute[] = [
  ...resource({
    path: `${P}/keys`, param: 'key_id', created: 204, fields: keyFields, fresh: (w) => w.a.o.key(), foreignId: (b) => b.keyId,
    body: () => ({ name: uniq('key'), type: 'login_password', login_password: { login: 'deploy', password: 'pw' }, ssh: { login: 'u', passphrase: '', private_key: 'KEY' }, string: 's', override_secret: true }),
    foreign: (w) => ({ project_id: w.b.projectId }),
    rules: () => [
      { what: 'a login without its password', patch: { login_password: { login: 'deploy' } }, field: 'login_password.password' },
      { what: 'an ssh key without its private key', patch: { type: 'ssh', ssh: { login: 'u' } }, field: 'ssh.private_key' },
    ],
  }),
  ...resource({
    path: `${P}/repositories`, param: 'repository_id', created: 204, fields: repositoryFields, fresh: (w) => w.a.o.repository(), foreignId: (b) => b.repositoryId,
    body: (w) => ({ name: uniq('repo'), git_url: 'https://example.test/r.git', git_branch: 'main', ssh_key_id: w.a.keyId }),
    foreign: (w) => ({ project_id: w.b.projectId, ssh_key_id: w.b.keyId }),
  }),
  ...resource({
    path: `${P}/inventory`, param: 'inventory_id', created: 201, fields: inventoryFields, fresh: (w) => w.a.o.inventory(), foreignId: (b) => b.inventoryId,
    body: (w) => ({ name: uniq('inventory'), inventory: 'localhost', type: 'static', ssh_key_id: w.a.keyId, become_key_id: w.a.keyId, repository_id: w.a.repositoryId, runner_tag: null }),
    foreign: (w) => ({ project_id: w.b.projectId, ssh_key_id: w.b.keyId, become_key_id: w.b.keyId, repository_id: w.b.repositoryId }),
    rules: () => HOSTILE_PATHS.map((path) => ({ what: `a file inventory at ${path}`, patch: { type: 'file', inventory: path }, field: 'inventory' })),
  }),
  ...resource({
    path: `${P}/environment`, param: 'environment_id', created: 204, fields: environmentFields, fresh: (w) => w.a.o.environment(), foreignId: (b) => b.environmentId,
    body: () => ({ name: uniq('environment'), json: '{"a": 1}', env: '{"B": "x"}', password: null, secrets: [{ type: 'var', name: 's', secret: 'x', operation: 'create' }] }),
    foreign: (w) => ({ project_id: w.b.projectId }),
    rules: (w) => [
      { what: 'a secret update without its id', patch: { secrets: [{ type: 'var', name: 's', operation: 'update' }] }, field: 'secrets' },
      { what: "another project's secret", patch: { secrets: [{ id: w.b.secretId, type: 'var', name: 's', operation: 'delete' }] }, field: 'secrets' },
      { what: 'an unknown secret', patch: { secrets: [{ id: 2 ** 31 - 1, type: 'env', name: 's', operation: 'update' }] }, field: 'secrets' },
    ],
  }),
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
  {
    route: `POST ${P}/tasks`, ok: 201, fields: taskFields,
    target: async (w) => ({
      params: { project_id: w.a.projectId },
      // Tasks of this template run side by side: accepted hostile requests start several at once.
      body: { template_id: await w.a.o.template({ allow_parallel_tasks: true }), message: 'bad input control', environment: '{"a": 1}', limit: 'localhost', arguments: '["-v"]', git_branch: 'main', inventory_id: w.a.inventoryId, build_task_id: w.a.taskId, params: {} },
    }),
    foreign: (w) => ({ template_id: w.b.templateId, inventory_id: w.b.inventoryId, build_task_id: w.b.taskId }),
    settle: (w, _t, res) => taskSettles(w, res.body.id),
  },
  {
    route: `POST ${P}/tasks/:task_id/stop`, ok: 204, optionalBody: true, fields: [bool('force')],
    target: async (w) => ({ params: { project_id: w.a.projectId, task_id: await w.a.o.runningTask() }, body: { force: true } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, task_id: w.b.taskId }),
    settle: (w, t) => taskSettles(w, Number(t.params.task_id)),
  },
  ...(['confirm', 'reject'] as const).map((decision): WriteRoute => ({
    route: `POST ${P}/tasks/:task_id/${decision}`, ok: 204, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, task_id: await w.a.o.planWaitingTask() } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, task_id: w.b.taskId }),
    settle: (w, t) => taskSettles(w, Number(t.params.task_id)),
  })),
  {
    route: `DELETE ${P}/tasks/:task_id`, ok: 204, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, task_id: await w.a.o.finishedTask() } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, task_id: w.b.taskId }),
  },
  {
    route: `POST ${P}/users`, ok: 204, fields: [{ path: 'user_id', type: 'id', required: true, ref: true }, { path: 'role', type: 'enum', required: true }],
    target: async (w) => ({ params: { project_id: w.a.projectId }, body: { user_id: (await tokenUser(w.stack, 'joiner')).id, role: 'guest' } }),
    rules: (w) => [{ what: 'a member already in the team', patch: { user_id: w.a.memberId }, field: '', status: 409 }],
  },
  {
    route: `PUT ${P}/users/:user_id`, ok: 204, fields: [{ path: 'role', type: 'enum', required: true }],
    target: async (w) => ({ params: { project_id: w.a.projectId, user_id: (await memberOf(w.stack, w.a.projectId, 'guest')).id }, body: { role: 'manager' } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, user_id: w.b.memberId }),
  },
  {
    route: `DELETE ${P}/users/:user_id`, ok: 204, noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, user_id: (await memberOf(w.stack, w.a.projectId, 'guest')).id } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, user_id: w.b.memberId }),
  },
  {
    route: `DELETE ${P}/me`, ok: 204, noBody: true,
    // The administrator leaves a project that has another owner.
    target: async (w) => {
      const projectId = (await w.admin.post('/api/projects', { name: uniq('left') })).body.id as number;
      await memberOf(w.stack, projectId, 'owner');
      return { params: { project_id: projectId } };
    },
  },
  {
    route: `PUT ${P}`, ok: 204,
    fields: [NAME, bool('alert'), str('alert_chat', 255, { nullable: true }), { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 }, str('type', 50), bool('demo')],
    target: async (w) => ({ params: { project_id: w.a.projectId }, body: { name: 'project a', alert: false, alert_chat: null, max_parallel_tasks: 0, type: '' } }),
  },
  {
    route: `DELETE ${P}`, ok: 204, noBody: true,
    target: async (w) => ({ params: { project_id: (await w.admin.post('/api/projects', { name: uniq('doomed') })).body.id } }),
  },
];
