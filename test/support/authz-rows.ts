// The authorization matrix as data: one row per route of the API, saying only how to build a call
// that succeeds when it is allowed (a valid body and, for writes, a fresh object to act on). Who may
// call each route, and what a successful call answers, come from the route's entry in the operation
// registry (src/api/openapi/operations), read by support/authz-expectations.ts.
import type { InProcessStack } from './in-process.ts';
import { ADMIN_PASSWORD } from './in-process.ts';
import type { ProjectObjects } from './project-objects.ts';
import { memberOf, tokenUser, type Scene, type SceneCaller } from './authz-scene.ts';
import { createApiToken } from '../../src/services/auth.ts';
import { insertTotp } from '../../src/store/user-totp.ts';

export interface Call {
  params?: Record<string, string | number>;
  body?: unknown;
}

export interface CallContext {
  stack: InProcessStack;
  scene: Scene;
  o: ProjectObjects;
  caller: SceneCaller;
}

export interface Row {
  /** `METHOD /path/:param`, as the app routes it. */
  route: string;
  /** The call ends the project or the caller's membership: each call gets a project of its own. */
  freshScene?: boolean;
  /** What an allowed call answers when that is not the registry's success status (see /api/ws). */
  answers?: number;
  call?: (ctx: CallContext) => Promise<Call>;
}

let counter = 0;
const uniq = (what: string) => `${what} ${process.pid}-${++counter}`;

const P = '/api/project/:project_id';
const row = (route: string, call?: Row['call'], extra: Partial<Row> = {}): Row => ({ route, call, ...extra });

interface Crud {
  /** e.g. `/keys` */
  path: string;
  /** e.g. `key_id` */
  param: string;
  /** Ids in the path before the object's own (an integration's, for its matchers). */
  parent?: (ctx: CallContext) => Promise<Record<string, number>>;
  /** An object that readers read. */
  shared: (ctx: CallContext) => Promise<number>;
  /** A new object for a write. */
  fresh: (ctx: CallContext) => Promise<number>;
  body: (ctx: CallContext) => unknown;
}

/** The six routes every resource has: list, create, get, refs, update, delete. */
function crud(c: Crud): Row[] {
  const parent = async (ctx: CallContext) => (c.parent ? await c.parent(ctx) : {});
  const one = `${P}${c.path}/:${c.param}`;
  return [
    row(`GET ${P}${c.path}`, async (ctx) => ({ params: await parent(ctx) })),
    row(`POST ${P}${c.path}`, async (ctx) => ({ params: await parent(ctx), body: c.body(ctx) })),
    row(`GET ${one}`, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.shared(ctx) } })),
    row(`GET ${one}/refs`, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.shared(ctx) } })),
    row(`PUT ${one}`, async (ctx) => ({
      params: { ...(await parent(ctx)), [c.param]: await c.fresh(ctx) },
      body: c.body(ctx),
    })),
    row(`DELETE ${one}`, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.fresh(ctx) } })),
  ];
}

const sharedIntegration = (ctx: CallContext) => ctx.scene.shared('integration', () => ctx.o.integration());
const sharedTemplate = async (ctx: CallContext) => ctx.o.templateId;
const templateBody = ({ o }: CallContext) => ({
  name: uniq('template'),
  app: 'bash',
  playbook: 'ok.sh',
  repository_id: o.repositoryId,
  inventory_id: o.inventoryId,
});

const PROJECT_RESOURCE_ROWS: Row[] = [
  ...crud({
    path: '/keys',
    param: 'key_id',
    shared: async ({ o }) => o.keyId,
    fresh: ({ o }) => o.key(),
    body: () => ({ name: uniq('key'), type: 'none' }),
  }),
  ...crud({
    path: '/repositories',
    param: 'repository_id',
    shared: async ({ o }) => o.repositoryId,
    fresh: ({ o }) => o.repository(),
    body: ({ o }) => ({
      name: uniq('repo'),
      git_url: 'https://example.test/r.git',
      git_branch: 'main',
      ssh_key_id: o.keyId,
    }),
  }),
  ...crud({
    path: '/inventory',
    param: 'inventory_id',
    shared: async ({ o }) => o.inventoryId,
    fresh: ({ o }) => o.inventory(),
    body: () => ({ name: uniq('inventory'), inventory: 'localhost', type: 'static' }),
  }),
  ...crud({
    path: '/environment',
    param: 'environment_id',
    shared: async ({ o }) => o.environmentId,
    fresh: ({ o }) => o.environment(),
    body: () => ({ name: uniq('environment'), json: '{"a": 1}' }),
  }),
  ...crud({
    path: '/templates',
    param: 'template_id',
    shared: sharedTemplate,
    fresh: ({ o }) => o.template(),
    body: templateBody,
  }),
  row(`GET ${P}/templates/:template_id/tasks`, async (ctx) => ({ params: { template_id: await sharedTemplate(ctx) } })),
  row(`GET ${P}/templates/:template_id/tasks/last`, async (ctx) => ({
    params: { template_id: await sharedTemplate(ctx) },
  })),
  row(`GET ${P}/templates/:template_id/schedules`, async (ctx) => ({
    params: { template_id: await sharedTemplate(ctx) },
  })),
  ...crud({
    path: '/views',
    param: 'view_id',
    shared: (ctx) => ctx.scene.shared('view', () => ctx.o.view()),
    fresh: ({ o }) => o.view(),
    body: () => ({ title: uniq('view'), position: 3 }),
  }),
  row(`POST ${P}/views/positions`, async ({ o }) => ({ body: { [await o.view()]: 7 } })),
  row(`GET ${P}/views/:view_id/templates`, async (ctx) => ({
    params: { view_id: await ctx.scene.shared('view', () => ctx.o.view()) },
  })),
  ...crud({
    path: '/schedules',
    param: 'schedule_id',
    shared: (ctx) => ctx.scene.shared('schedule', () => ctx.o.schedule()),
    fresh: ({ o }) => o.schedule(),
    body: ({ o }) => ({ template_id: o.templateId, name: uniq('schedule'), cron_format: '15 4 * * 1', active: false }),
  }),
  row(`POST ${P}/schedules/validate`, async () => ({ body: { cron_format: '*/5 * * * *' } })),
  row(`PUT ${P}/schedules/:schedule_id/active`, async ({ o }) => ({
    params: { schedule_id: await o.schedule() },
    body: { active: true },
  })),
  ...crud({
    path: '/integrations',
    param: 'integration_id',
    shared: sharedIntegration,
    fresh: ({ o }) => o.integration(),
    body: ({ o }) => ({ name: uniq('integration'), template_id: o.templateId, auth_method: 'none' }),
  }),
  ...crud({
    path: '/integrations/:integration_id/matchers',
    param: 'matcher_id',
    parent: async (ctx) => ({ integration_id: await sharedIntegration(ctx) }),
    shared: async (ctx) => ctx.scene.shared('matcher', async () => ctx.o.matcher(await sharedIntegration(ctx))),
    fresh: async (ctx) => ctx.o.matcher(await sharedIntegration(ctx)),
    body: () => ({
      name: uniq('matcher'),
      match_type: 'body',
      method: 'contains',
      body_data_type: 'json',
      key: 'ref',
      value: 'main',
    }),
  }),
  ...crud({
    path: '/integrations/:integration_id/values',
    param: 'value_id',
    parent: async (ctx) => ({ integration_id: await sharedIntegration(ctx) }),
    shared: async (ctx) => ctx.scene.shared('value', async () => ctx.o.value(await sharedIntegration(ctx))),
    fresh: async (ctx) => ctx.o.value(await sharedIntegration(ctx)),
    body: () => ({ name: uniq('value'), value_source: 'body', body_data_type: 'json', key: 'ref', variable: 'ref' }),
  }),
  row(`GET ${P}/integrations/aliases`),
  row(`POST ${P}/integrations/aliases`),
  row(`DELETE ${P}/integrations/aliases/:alias_id`, async ({ o }) => ({ params: { alias_id: await o.alias(null) } })),
  row(`GET ${P}/integrations/:integration_id/aliases`, async (ctx) => ({
    params: { integration_id: await sharedIntegration(ctx) },
  })),
  row(`POST ${P}/integrations/:integration_id/aliases`, async (ctx) => ({
    params: { integration_id: await sharedIntegration(ctx) },
  })),
  row(`DELETE ${P}/integrations/:integration_id/aliases/:alias_id`, async (ctx) => {
    const integration_id = await sharedIntegration(ctx);
    return { params: { integration_id, alias_id: await ctx.o.alias(integration_id) } };
  }),
];

const finishedTask = (ctx: CallContext) => ctx.scene.shared('finished task', () => ctx.o.finishedTask());

const PROJECT_TASK_ROWS: Row[] = [
  row(`GET ${P}/tasks`),
  row(`GET ${P}/tasks/last`),
  row(`POST ${P}/tasks`, async ({ o }) => ({ body: { template_id: o.templateId, message: 'matrix' } })),
  row(`GET ${P}/tasks/:task_id`, async (ctx) => ({ params: { task_id: await finishedTask(ctx) } })),
  row(`GET ${P}/tasks/:task_id/output`, async (ctx) => ({ params: { task_id: await finishedTask(ctx) } })),
  row(`GET ${P}/tasks/:task_id/stages`, async (ctx) => ({ params: { task_id: await finishedTask(ctx) } })),
  row(`POST ${P}/tasks/:task_id/stop`, async ({ o }) => ({
    params: { task_id: await o.runningTask() },
    body: { force: true },
  })),
  row(`POST ${P}/tasks/:task_id/confirm`, async (ctx) => ({
    params: { task_id: await ctx.o.planWaitingTask(await terraformTemplate(ctx)) },
  })),
  row(`POST ${P}/tasks/:task_id/reject`, async (ctx) => ({
    params: { task_id: await ctx.o.planWaitingTask(await terraformTemplate(ctx)) },
  })),
  // Upstream: CanManageProjectResources and a global administrator.
  row(`DELETE ${P}/tasks/:task_id`, async ({ o }) => ({ params: { task_id: await o.finishedTask() } })),
];

function terraformTemplate(ctx: CallContext): Promise<number> {
  return ctx.scene.shared('terraform template', () => ctx.o.terraformTemplate());
}

const projectRunner = async ({ stack, o }: CallContext) =>
  (await stack.admin.post(`/api/project/${o.projectId}/runners`, { name: uniq('runner') })).body.id as number;
const PROJECT_RUNNER_ROWS: Row[] = [
  row(`GET ${P}/runners`),
  row(`POST ${P}/runners`, async () => ({ body: { name: uniq('runner'), tag: 't' } })),
  row(`GET ${P}/runners/:runner_id`, async (ctx) => ({
    params: { runner_id: await ctx.scene.shared('project runner', () => projectRunner(ctx)) },
  })),
  row(`PUT ${P}/runners/:runner_id`, async (ctx) => ({
    params: { runner_id: await projectRunner(ctx) },
    body: { name: uniq('runner'), max_parallel_tasks: 2 },
  })),
  row(`DELETE ${P}/runners/:runner_id`, async (ctx) => ({ params: { runner_id: await projectRunner(ctx) } })),
  row(`POST ${P}/runners/:runner_id/active`, async (ctx) => ({
    params: { runner_id: await projectRunner(ctx) },
    body: { active: false },
  })),
];

const PROJECT_ROWS: Row[] = [
  row(`GET ${P}`),
  row(`PUT ${P}`, async () => ({ body: { name: uniq('renamed project') } })),
  row(`DELETE ${P}`, undefined, { freshScene: true }),
  row(`GET ${P}/role`),
  row(`GET ${P}/events`),
  row(`GET ${P}/events/last`),
  row(`GET ${P}/backup`),
  row(`POST ${P}/alerts/test`),
  row(`DELETE ${P}/me`, undefined, { freshScene: true }),
  row(`GET ${P}/users`),
  row(`GET ${P}/users/:user_id`, async ({ scene }) => ({ params: { user_id: scene.callers.guest.userId! } })),
  row(`POST ${P}/users`, async ({ stack }) => ({
    body: { user_id: (await tokenUser(stack, 'newcomer')).id, role: 'guest' },
  })),
  row(`PUT ${P}/users/:user_id`, async ({ stack, o }) => ({
    params: { user_id: (await memberOf(stack, o.projectId, 'guest')).id },
    body: { role: 'task_runner' },
  })),
  row(`DELETE ${P}/users/:user_id`, async ({ stack, o }) => ({
    params: { user_id: (await memberOf(stack, o.projectId, 'guest')).id },
  })),
  ...PROJECT_RESOURCE_ROWS,
  ...PROJECT_TASK_ROWS,
  ...PROJECT_RUNNER_ROWS,
];

// The matrix acts on another user's account: self-or-admin routes refuse every non-administrator.
const otherUser = async ({ stack }: CallContext) => ({ params: { user_id: (await tokenUser(stack, 'target')).id } });
/** Another user with an authenticator (its URL needs no real secret here: nothing reads it). */
const otherUsersTotp = async ({ stack }: CallContext) => {
  const userId = (await tokenUser(stack, 'enrolled')).id;
  const totp = await insertTotp(stack.db, { user_id: userId, url: 'sealed', recovery_hash: '' });
  return { params: { user_id: userId, totp_id: totp.id } };
};
const runner = async ({ stack }: CallContext) => {
  const res = await stack.admin.post('/api/runners', { name: uniq('runner') });
  return res.body.id as number;
};
const customApp = async ({ stack }: CallContext) => {
  const id = `matrix_${process.pid}_${++counter}`;
  await stack.admin.put(`/api/apps/${id}`, { title: id });
  return id;
};
const finishedTaskParams = async (ctx: CallContext) => ({ params: { task_id: await finishedTask(ctx) } });
const activeTask = (ctx: CallContext) => ctx.scene.shared('running task', () => ctx.o.runningTask());

const GLOBAL_ROWS: Row[] = [
  row('GET /api/ping'),
  row('GET /api/openapi.json'),
  row('GET /api/docs'),
  row('GET /api/docs/:file', async () => ({ params: { file: 'start.js' } })),
  // The webhook receiver answers 204 to anyone, whatever came of the request (an alias that names nothing here).
  ...['GET', 'POST', 'OPTIONS'].map((method) =>
    row(`${method} /api/integrations/:alias`, async () => ({ params: { alias: 'matrixnosuchhook' } })),
  ),
  row('GET /api/auth/login'),
  row('POST /api/auth/login', async () => ({ body: { auth: 'admin', password: ADMIN_PASSWORD } })),
  row('POST /api/auth/logout'),
  // The matrix's server has no OpenID Connect provider: every caller gets the same 404 (test/oidc.test.ts signs in).
  ...['login', 'redirect', 'redirect/*redirect_path'].map((end) =>
    row(
      `GET /api/auth/oidc/:provider_id/${end}`,
      async () => ({ params: { provider_id: 'matrixnone', redirect_path: 'home' } }),
      { answers: 404 },
    ),
  ),
  row('GET /api/info'),
  // Without a WebSocket upgrade the route answers 426 Upgrade Required, once the caller is known.
  row('GET /api/ws', undefined, { answers: 426 }),
  row('GET /api/user'),
  row('GET /api/user/tokens'),
  row('POST /api/user/tokens'),
  row('DELETE /api/user/tokens/:token_id', async ({ stack, caller, scene }) => {
    const owner = caller.userId ?? scene.callers.admin.userId!;
    return { params: { token_id: (await createApiToken(stack.db, owner)).id } };
  }),
  row('GET /api/users'),
  row('POST /api/users', async () => {
    const name = uniq('new-user').replace(' ', '-');
    return { body: { username: name, name, email: `${name}@example.test` } };
  }),
  row('GET /api/users/:user_id', otherUser),
  row('PUT /api/users/:user_id', async (ctx) => ({ ...(await otherUser(ctx)), body: { name: 'Renamed' } })),
  row('DELETE /api/users/:user_id', otherUser),
  row('POST /api/users/:user_id/password', async (ctx) => ({
    ...(await otherUser(ctx)),
    body: { password: 'a new password' },
  })),
  // TOTP is off on the matrix's server (its own tests: test/totp.test.ts): an administrator allowed
  // through gets 403 TOTP_DISABLED; nobody but the user themself reads an authenticator's QR code.
  row('POST /api/users/:user_id/2fas/totp', otherUser, { answers: 403 }),
  row('GET /api/users/:user_id/2fas/totp/:totp_id/qr', otherUsersTotp, { answers: 403 }),
  row('DELETE /api/users/:user_id/2fas/totp/:totp_id', otherUsersTotp),
  // Only a session that awaits its second factor may call these; no caller of the matrix has one.
  row('POST /api/auth/verify', async () => ({ body: { passcode: '123456' } }), { answers: 401 }),
  row('POST /api/auth/recovery', async () => ({ body: { recovery_code: 'ABCD-EFGH' } }), { answers: 401 }),
  row('GET /api/events'),
  row('GET /api/events/last'),
  row('GET /api/projects'),
  row('POST /api/projects', async () => ({ body: { name: uniq('project') } })),
  row('POST /api/projects/restore', async () => ({ body: { meta: { name: uniq('restored') } } })),
  row('GET /api/options'),
  row('POST /api/options', async () => ({ body: { key: 'matrix.option', value: uniq('v') } })),
  row('GET /api/runners'),
  row('POST /api/runners', async () => ({ body: { name: uniq('runner') } })),
  row('GET /api/runners/:runner_id', async (ctx) => ({
    params: { runner_id: await ctx.scene.shared('runner', () => runner(ctx)) },
  })),
  row('PUT /api/runners/:runner_id', async (ctx) => ({
    params: { runner_id: await runner(ctx) },
    body: { name: uniq('runner'), max_parallel_tasks: 2 },
  })),
  row('POST /api/runners/:runner_id', async (ctx) => ({
    params: { runner_id: await runner(ctx) },
    body: { name: uniq('runner') },
  })),
  row('DELETE /api/runners/:runner_id', async (ctx) => ({ params: { runner_id: await runner(ctx) } })),
  row('POST /api/runners/:runner_id/active', async (ctx) => ({
    params: { runner_id: await runner(ctx) },
    body: { active: false },
  })),
  row('GET /api/apps'),
  row('GET /api/apps/:app_id', async () => ({ params: { app_id: 'bash' } })),
  row('PUT /api/apps/:app_id', async (ctx) => ({
    params: { app_id: await customApp(ctx) },
    body: { title: 'Renamed' },
  })),
  row('POST /api/apps/:app_id', async (ctx) => ({ params: { app_id: await customApp(ctx) }, body: { priority: 5 } })),
  row('DELETE /api/apps/:app_id', async (ctx) => ({ params: { app_id: await customApp(ctx) } })),
  row('POST /api/apps/:app_id/active', async (ctx) => ({
    params: { app_id: await customApp(ctx) },
    body: { active: true },
  })),
  row('GET /api/runner/self'),
  row('GET /api/runner/tasks/:task_id/job', finishedTaskParams),
  row('POST /api/runner/tasks/:task_id/job', async (ctx) => ({
    ...(await finishedTaskParams(ctx)),
    body: { secret: 'sealed-v1:AAAA' },
  })),
  row('GET /api/runner/tasks/:task_id/status', finishedTaskParams),
  row('POST /api/runner/tasks/:task_id/output', async (ctx) => ({
    ...(await finishedTaskParams(ctx)),
    body: { lines: [] },
  })),
  row('POST /api/runner/tasks/:task_id/stages', async (ctx) => ({
    ...(await finishedTaskParams(ctx)),
    body: {
      type: 'running',
      start: new Date().toISOString(),
      end: new Date().toISOString(),
      first_seq: 1,
      last_seq: 0,
    },
  })),
  row('POST /api/runner/tasks/:task_id/status', async (ctx) => ({
    ...(await finishedTaskParams(ctx)),
    body: { status: 'error' },
  })),
  // Semaphore's runner protocol: registration is public (without the server's registration token,
  // which the matrix's server has not, every caller gets the same 400); the rest is for runners.
  row('POST /api/internal/runners', async () => ({ body: { registration_token: 'none' } }), { answers: 400 }),
  row('GET /api/internal/runners'),
  row('PUT /api/internal/runners', async () => ({ body: { Jobs: [] } })),
  row('DELETE /api/internal/runners'),
  row('GET /api/tasks'),
  row('GET /api/tasks/:task_id', async (ctx) => ({ params: { task_id: await activeTask(ctx) } })),
  row('DELETE /api/tasks/:task_id', async ({ o }) => ({ params: { task_id: await o.runningTask() } })),
];

export const MATRIX: Row[] = [...GLOBAL_ROWS, ...PROJECT_ROWS];
