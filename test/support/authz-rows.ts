// The authorization matrix as data: one row per route of the API, saying who may call it
// (semaphore-behaviour.md §1.4, §2.3), what a successful call answers, and how to build a call that
// succeeds when allowed (a valid body and, for writes, a fresh object to act on).
import type { InProcessStack } from './in-process.ts';
import { ADMIN_PASSWORD } from './in-process.ts';
import type { ProjectObjects } from './project-objects.ts';
import { memberOf, tokenUser, type CallerKind, type Scene, type SceneCaller } from './authz-scene.ts';
import { createApiToken } from '../../src/services/auth.ts';

/** Project permission bits (§1.4). */
export const RUN = 1;
export const UPD = 2;
export const RES = 4;
export const USR = 8;
/** The bits of each role, written out here rather than imported, so the test checks the code. */
export const ROLE_BITS: Record<string, number> = { owner: 15, manager: RUN | RES, task_runner: RUN, guest: 0 };

export type Access =
  /** Anyone, even without credentials. */
  | { kind: 'public' }
  /** Any authenticated user. */
  | { kind: 'user' }
  /** Administrators only; others get `refusal` (upstream answers 401 on some user routes). */
  | { kind: 'admin'; refusal: 401 | 403 }
  /** Project members: reads always; writes need `bits`; `adminOnly` writes need a global administrator. */
  | { kind: 'project'; bits: number; adminOnly?: boolean }
  /** Remote runners, by their X-Runner-Token: no user credentials open these routes. */
  | { kind: 'runner' };

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
  access: Access;
  /** The status of an allowed call. */
  ok: number;
  /** The call ends the project or the caller's membership: each call gets a project of its own. */
  freshScene?: boolean;
  call?: (ctx: CallContext) => Promise<Call>;
}

/** What `caller` gets from `row`'s route. */
export function expectedStatus(row: Row, caller: CallerKind): number {
  const { access } = row;
  if (access.kind === 'public') return row.ok;
  if (caller === 'anonymous' || access.kind === 'runner') return 401;
  if (access.kind === 'user' || caller === 'admin') return row.ok;
  if (access.kind === 'admin') return access.refusal;
  if (caller === 'outsider') return 404;
  if (row.route.startsWith('GET ')) return row.ok;
  if (access.adminOnly) return 403;
  return (ROLE_BITS[caller] & access.bits) === access.bits ? row.ok : 403;
}

let counter = 0;
const uniq = (what: string) => `${what} ${process.pid}-${++counter}`;

const P = '/api/project/:project_id';
const project = (bits: number, adminOnly = false): Access => ({ kind: 'project', bits, adminOnly });
const MEMBER = project(0);
const row = (route: string, access: Access, ok: number, call?: Row['call'], extra: Partial<Row> = {}): Row => ({ route, access, ok, call, ...extra });

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
  created: number;
}

/** The six routes every resource has: list, create, get, refs, update, delete (all RES for writes). */
function crud(c: Crud): Row[] {
  const parent = async (ctx: CallContext) => (c.parent ? await c.parent(ctx) : {});
  const one = `${P}${c.path}/:${c.param}`;
  return [
    row(`GET ${P}${c.path}`, MEMBER, 200, async (ctx) => ({ params: await parent(ctx) })),
    row(`POST ${P}${c.path}`, project(RES), c.created, async (ctx) => ({ params: await parent(ctx), body: c.body(ctx) })),
    row(`GET ${one}`, MEMBER, 200, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.shared(ctx) } })),
    row(`GET ${one}/refs`, MEMBER, 200, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.shared(ctx) } })),
    row(`PUT ${one}`, project(RES), 204, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.fresh(ctx) }, body: c.body(ctx) })),
    row(`DELETE ${one}`, project(RES), 204, async (ctx) => ({ params: { ...(await parent(ctx)), [c.param]: await c.fresh(ctx) } })),
  ];
}

const sharedIntegration = (ctx: CallContext) => ctx.scene.shared('integration', () => ctx.o.integration());
const sharedTemplate = async (ctx: CallContext) => ctx.o.templateId;
const templateBody = ({ o }: CallContext) => ({ name: uniq('template'), app: 'bash', playbook: 'ok.sh', repository_id: o.repositoryId, inventory_id: o.inventoryId });

const PROJECT_RESOURCE_ROWS: Row[] = [
  ...crud({ path: '/keys', param: 'key_id', shared: async ({ o }) => o.keyId, fresh: ({ o }) => o.key(), body: () => ({ name: uniq('key'), type: 'none' }), created: 204 }),
  ...crud({
    path: '/repositories', param: 'repository_id', shared: async ({ o }) => o.repositoryId, fresh: ({ o }) => o.repository(), created: 204,
    body: ({ o }) => ({ name: uniq('repo'), git_url: 'https://example.test/r.git', git_branch: 'main', ssh_key_id: o.keyId }),
  }),
  ...crud({
    path: '/inventory', param: 'inventory_id', shared: async ({ o }) => o.inventoryId, fresh: ({ o }) => o.inventory(), created: 201,
    body: () => ({ name: uniq('inventory'), inventory: 'localhost', type: 'static' }),
  }),
  ...crud({
    path: '/environment', param: 'environment_id', shared: async ({ o }) => o.environmentId, fresh: ({ o }) => o.environment(), created: 204,
    body: () => ({ name: uniq('environment'), json: '{"a": 1}' }),
  }),
  ...crud({ path: '/templates', param: 'template_id', shared: sharedTemplate, fresh: ({ o }) => o.template(), body: templateBody, created: 201 }),
  row(`GET ${P}/templates/:template_id/tasks`, MEMBER, 200, async (ctx) => ({ params: { template_id: await sharedTemplate(ctx) } })),
  row(`GET ${P}/templates/:template_id/tasks/last`, MEMBER, 200, async (ctx) => ({ params: { template_id: await sharedTemplate(ctx) } })),
  row(`GET ${P}/templates/:template_id/schedules`, MEMBER, 200, async (ctx) => ({ params: { template_id: await sharedTemplate(ctx) } })),
  ...crud({
    path: '/views', param: 'view_id', shared: (ctx) => ctx.scene.shared('view', () => ctx.o.view()), fresh: ({ o }) => o.view(), created: 201,
    body: () => ({ title: uniq('view'), position: 3 }),
  }),
  row(`POST ${P}/views/positions`, project(RES), 204, async ({ o }) => ({ body: { [await o.view()]: 7 } })),
  row(`GET ${P}/views/:view_id/templates`, MEMBER, 200, async (ctx) => ({ params: { view_id: await ctx.scene.shared('view', () => ctx.o.view()) } })),
  ...crud({
    path: '/schedules', param: 'schedule_id', shared: (ctx) => ctx.scene.shared('schedule', () => ctx.o.schedule()), fresh: ({ o }) => o.schedule(), created: 201,
    body: ({ o }) => ({ template_id: o.templateId, name: uniq('schedule'), cron_format: '15 4 * * 1', active: false }),
  }),
  row(`POST ${P}/schedules/validate`, project(RES), 200, async () => ({ body: { cron_format: '*/5 * * * *' } })),
  row(`PUT ${P}/schedules/:schedule_id/active`, project(RES), 204, async ({ o }) => ({ params: { schedule_id: await o.schedule() }, body: { active: true } })),
  ...crud({
    path: '/integrations', param: 'integration_id', shared: sharedIntegration, fresh: ({ o }) => o.integration(), created: 201,
    body: ({ o }) => ({ name: uniq('integration'), template_id: o.templateId, auth_method: 'none' }),
  }),
  ...crud({
    path: '/integrations/:integration_id/matchers', param: 'matcher_id', created: 200,
    parent: async (ctx) => ({ integration_id: await sharedIntegration(ctx) }),
    shared: async (ctx) => ctx.scene.shared('matcher', async () => ctx.o.matcher(await sharedIntegration(ctx))),
    fresh: async (ctx) => ctx.o.matcher(await sharedIntegration(ctx)),
    body: () => ({ name: uniq('matcher'), match_type: 'body', method: 'contains', body_data_type: 'json', key: 'ref', value: 'main' }),
  }),
  ...crud({
    path: '/integrations/:integration_id/values', param: 'value_id', created: 201,
    parent: async (ctx) => ({ integration_id: await sharedIntegration(ctx) }),
    shared: async (ctx) => ctx.scene.shared('value', async () => ctx.o.value(await sharedIntegration(ctx))),
    fresh: async (ctx) => ctx.o.value(await sharedIntegration(ctx)),
    body: () => ({ name: uniq('value'), value_source: 'body', body_data_type: 'json', key: 'ref', variable: 'ref' }),
  }),
  row(`GET ${P}/integrations/aliases`, MEMBER, 200),
  row(`POST ${P}/integrations/aliases`, project(RES), 200),
  row(`DELETE ${P}/integrations/aliases/:alias_id`, project(RES), 204, async ({ o }) => ({ params: { alias_id: await o.alias(null) } })),
  row(`GET ${P}/integrations/:integration_id/aliases`, MEMBER, 200, async (ctx) => ({ params: { integration_id: await sharedIntegration(ctx) } })),
  row(`POST ${P}/integrations/:integration_id/aliases`, project(RES), 200, async (ctx) => ({ params: { integration_id: await sharedIntegration(ctx) } })),
  row(`DELETE ${P}/integrations/:integration_id/aliases/:alias_id`, project(RES), 204, async (ctx) => {
    const integration_id = await sharedIntegration(ctx);
    return { params: { integration_id, alias_id: await ctx.o.alias(integration_id) } };
  }),
];

const finishedTask = (ctx: CallContext) => ctx.scene.shared('finished task', () => ctx.o.finishedTask());

const PROJECT_TASK_ROWS: Row[] = [
  row(`GET ${P}/tasks`, MEMBER, 200),
  row(`GET ${P}/tasks/last`, MEMBER, 200),
  row(`POST ${P}/tasks`, project(RUN), 201, async ({ o }) => ({ body: { template_id: o.templateId, message: 'matrix' } })),
  row(`GET ${P}/tasks/:task_id`, MEMBER, 200, async (ctx) => ({ params: { task_id: await finishedTask(ctx) } })),
  row(`GET ${P}/tasks/:task_id/output`, MEMBER, 200, async (ctx) => ({ params: { task_id: await finishedTask(ctx) } })),
  row(`POST ${P}/tasks/:task_id/stop`, project(RUN), 204, async ({ o }) => ({ params: { task_id: await o.runningTask() }, body: { force: true } })),
  row(`POST ${P}/tasks/:task_id/confirm`, project(RUN), 204, async (ctx) => ({ params: { task_id: await ctx.o.planWaitingTask(await terraformTemplate(ctx)) } })),
  row(`POST ${P}/tasks/:task_id/reject`, project(RUN), 204, async (ctx) => ({ params: { task_id: await ctx.o.planWaitingTask(await terraformTemplate(ctx)) } })),
  // Upstream: CanManageProjectResources and a global administrator.
  row(`DELETE ${P}/tasks/:task_id`, project(RUN, true), 204, async ({ o }) => ({ params: { task_id: await o.finishedTask() } })),
];

function terraformTemplate(ctx: CallContext): Promise<number> {
  return ctx.scene.shared('terraform template', () => ctx.o.terraformTemplate());
}

const PROJECT_ROWS: Row[] = [
  row(`GET ${P}`, MEMBER, 200),
  row(`PUT ${P}`, project(UPD), 204, async () => ({ body: { name: uniq('renamed project') } })),
  row(`DELETE ${P}`, project(UPD), 204, undefined, { freshScene: true }),
  row(`GET ${P}/role`, MEMBER, 200),
  row(`GET ${P}/events`, MEMBER, 200),
  row(`GET ${P}/events/last`, MEMBER, 200),
  row(`GET ${P}/backup`, MEMBER, 200),
  row(`DELETE ${P}/me`, MEMBER, 204, undefined, { freshScene: true }),
  row(`GET ${P}/users`, MEMBER, 200),
  row(`GET ${P}/users/:user_id`, MEMBER, 200, async ({ scene }) => ({ params: { user_id: scene.callers.guest.userId! } })),
  row(`POST ${P}/users`, project(USR), 204, async ({ stack }) => ({ body: { user_id: (await tokenUser(stack, 'newcomer')).id, role: 'guest' } })),
  row(`PUT ${P}/users/:user_id`, project(USR), 204, async ({ stack, o }) => ({
    params: { user_id: (await memberOf(stack, o.projectId, 'guest')).id },
    body: { role: 'task_runner' },
  })),
  row(`DELETE ${P}/users/:user_id`, project(USR), 204, async ({ stack, o }) => ({ params: { user_id: (await memberOf(stack, o.projectId, 'guest')).id } })),
  ...PROJECT_RESOURCE_ROWS,
  ...PROJECT_TASK_ROWS,
];

const USER = { kind: 'user' } as const;
const PUBLIC = { kind: 'public' } as const;
const ADMIN = { kind: 'admin', refusal: 403 } as const;
/** Upstream answers 401, not 403, to a non-administrator creating users or projects or touching other users. */
const ADMIN_401 = { kind: 'admin', refusal: 401 } as const;

const otherUser = async ({ stack }: CallContext) => ({ params: { user_id: (await tokenUser(stack, 'target')).id } });
const runner = async ({ stack }: CallContext) => {
  const res = await stack.admin.post('/api/runners', { name: uniq('runner') });
  return res.body.id as number;
};
const customApp = async ({ stack }: CallContext) => {
  const id = `matrix_${process.pid}_${++counter}`;
  await stack.admin.put(`/api/apps/${id}`, { title: id });
  return id;
};
const RUNNER = { kind: 'runner' } as const;
const finishedTaskParams = async (ctx: CallContext) => ({ params: { task_id: await finishedTask(ctx) } });
const activeTask = (ctx: CallContext) => ctx.scene.shared('running task', () => ctx.o.runningTask());

const GLOBAL_ROWS: Row[] = [
  row('GET /api/ping', PUBLIC, 200),
  row('GET /api/openapi.json', PUBLIC, 200),
  row('GET /api/docs', PUBLIC, 200),
  row('GET /api/docs/:file', PUBLIC, 200, async () => ({ params: { file: 'start.js' } })),
  // The webhook receiver answers 204 to anyone, whatever came of the request (an alias that names nothing here).
  ...['GET', 'POST', 'OPTIONS'].map((method) => row(`${method} /api/integrations/:alias`, PUBLIC, 204, async () => ({ params: { alias: 'matrixnosuchhook' } }))),
  row('GET /api/auth/login', PUBLIC, 200),
  row('POST /api/auth/login', PUBLIC, 204, async () => ({ body: { auth: 'admin', password: ADMIN_PASSWORD } })),
  row('POST /api/auth/logout', PUBLIC, 204),
  row('GET /api/info', USER, 200),
  // Without a WebSocket upgrade the route answers 426 Upgrade Required, once the caller is known.
  row('GET /api/ws', USER, 426),
  row('GET /api/user', USER, 200),
  row('GET /api/user/tokens', USER, 200),
  row('POST /api/user/tokens', USER, 201),
  row('DELETE /api/user/tokens/:token_id', USER, 204, async ({ stack, caller, scene }) => {
    const owner = caller.userId ?? scene.callers.admin.userId!;
    return { params: { token_id: (await createApiToken(stack.db, owner)).id } };
  }),
  row('GET /api/users', USER, 200),
  row('POST /api/users', ADMIN_401, 201, async () => {
    const name = uniq('new-user').replace(' ', '-');
    return { body: { username: name, name, email: `${name}@example.test` } };
  }),
  row('GET /api/users/:user_id', ADMIN_401, 200, otherUser),
  row('PUT /api/users/:user_id', ADMIN_401, 204, async (ctx) => ({ ...(await otherUser(ctx)), body: { name: 'Renamed' } })),
  row('DELETE /api/users/:user_id', ADMIN_401, 204, otherUser),
  row('POST /api/users/:user_id/password', ADMIN_401, 204, async (ctx) => ({ ...(await otherUser(ctx)), body: { password: 'a new password' } })),
  row('GET /api/events', USER, 200),
  row('GET /api/events/last', USER, 200),
  row('GET /api/projects', USER, 200),
  row('POST /api/projects', ADMIN_401, 201, async () => ({ body: { name: uniq('project') } })),
  row('POST /api/projects/restore', USER, 200, async () => ({ body: { meta: { name: uniq('restored') } } })),
  row('GET /api/options', ADMIN, 200),
  row('POST /api/options', ADMIN, 200, async () => ({ body: { key: 'matrix.option', value: uniq('v') } })),
  row('GET /api/runners', ADMIN, 200),
  row('POST /api/runners', ADMIN, 201, async () => ({ body: { name: uniq('runner') } })),
  row('GET /api/runners/:runner_id', ADMIN, 200, async (ctx) => ({ params: { runner_id: await ctx.scene.shared('runner', () => runner(ctx)) } })),
  row('PUT /api/runners/:runner_id', ADMIN, 204, async (ctx) => ({ params: { runner_id: await runner(ctx) }, body: { name: uniq('runner'), max_parallel_tasks: 2 } })),
  row('POST /api/runners/:runner_id', ADMIN, 204, async (ctx) => ({ params: { runner_id: await runner(ctx) }, body: { name: uniq('runner') } })),
  row('DELETE /api/runners/:runner_id', ADMIN, 204, async (ctx) => ({ params: { runner_id: await runner(ctx) } })),
  row('POST /api/runners/:runner_id/active', ADMIN, 204, async (ctx) => ({ params: { runner_id: await runner(ctx) }, body: { active: false } })),
  row('GET /api/apps', USER, 200),
  row('GET /api/apps/:app_id', ADMIN, 200, async () => ({ params: { app_id: 'bash' } })),
  row('PUT /api/apps/:app_id', ADMIN, 204, async (ctx) => ({ params: { app_id: await customApp(ctx) }, body: { title: 'Renamed' } })),
  row('POST /api/apps/:app_id', ADMIN, 204, async (ctx) => ({ params: { app_id: await customApp(ctx) }, body: { priority: 5 } })),
  row('DELETE /api/apps/:app_id', ADMIN, 204, async (ctx) => ({ params: { app_id: await customApp(ctx) } })),
  row('POST /api/apps/:app_id/active', ADMIN, 204, async (ctx) => ({ params: { app_id: await customApp(ctx) }, body: { active: true } })),
  row('GET /api/runner/self', RUNNER, 200),
  row('GET /api/runner/tasks/:task_id/job', RUNNER, 200, finishedTaskParams),
  row('GET /api/runner/tasks/:task_id/status', RUNNER, 200, finishedTaskParams),
  row('POST /api/runner/tasks/:task_id/output', RUNNER, 204, async (ctx) => ({ ...(await finishedTaskParams(ctx)), body: { lines: [] } })),
  row('POST /api/runner/tasks/:task_id/status', RUNNER, 204, async (ctx) => ({ ...(await finishedTaskParams(ctx)), body: { status: 'error' } })),
  row('GET /api/tasks', ADMIN, 200),
  row('GET /api/tasks/:task_id', ADMIN, 200, async (ctx) => ({ params: { task_id: await activeTask(ctx) } })),
  row('DELETE /api/tasks/:task_id', ADMIN, 204, async ({ o }) => ({ params: { task_id: await o.runningTask() } })),
];

export const MATRIX: Row[] = [...GLOBAL_ROWS, ...PROJECT_ROWS];
