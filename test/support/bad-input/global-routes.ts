// The write routes outside projects: login, tokens, users, projects, restore, options, runners,
// apps, the admin's task list and the remote runners' routes.
import { ADMIN_PASSWORD } from '../in-process.ts';
import type { Field } from './payloads.ts';
import type { World } from './world.ts';
import { BODY_ID, NAME, bool, str, uniq, type WriteRoute } from './route-spec.ts';
import { tokenUser } from '../authz-scene.ts';
import { createApiToken } from '../../../src/services/auth.ts';

const HOSTILE_PATHS = ['../../etc/passwd', 'a/../../b'];
const DASHED = ['-rf', '--upload-pack=touch /tmp/pwned'];

const userFields = (required: boolean): Field[] => [
  str('username', 255, { required, refuses: ['; rm -rf /', 'line one\nline two', '| cat /etc/shadow'] }),
  { ...NAME, required },
  str('email', 255, { required, refuses: ['$(id)', '../../etc/passwd', '-rf'] }),
  str('password', 72),
  bool('admin'),
  bool('alert'),
];

const runnerFields: Field[] = [
  str('name', 255), str('webhook', 2000, { refuses: ['javascript:alert(1)', '$(id)', 'file:///etc/passwd'] }),
  { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 }, bool('active'), str('tag', 255),
];

const appFields: Field[] = [
  str('title', 255), str('icon', 255), str('color', 50), str('dark_color', 50), str('dark_icon', 255), bool('active'),
  { path: 'priority', type: 'int', maxValue: 10_000 }, str('path', 1000), { path: 'args', type: 'array' }, str('args.0', 1000),
];

const backupFields: Field[] = [
  { path: 'meta', type: 'object', required: true }, { ...NAME, path: 'meta.name' }, { path: 'meta.max_parallel_tasks', type: 'int', maxValue: 10_000 },
  bool('meta.alert'), { path: 'keys', type: 'array', nullable: true }, { path: 'keys.0.type', type: 'enum', required: true },
  str('repositories.0.git_url', 2000, { required: true, refuses: DASHED }), str('repositories.0.git_branch', 255, { refuses: DASHED }),
  { path: 'inventories.0.type', type: 'enum' }, str('templates.0.playbook', 2000, { refuses: HOSTILE_PATHS }), { path: 'templates.0.app', type: 'enum' },
  { ...NAME, path: 'templates.0.repository' }, { path: 'templates.0.arguments', type: 'json-array-text', nullable: true },
  { path: 'environments.0.json', type: 'json-object-text' }, { path: 'integrations.0.matchers.0.match_type', type: 'enum', required: true },
  str('integration_aliases.0', undefined, { refuses: ['$(id)', '../../etc/passwd', 'x'.repeat(65)] }),
];

const backup = () => ({
  meta: { name: uniq('restored'), alert: false, max_parallel_tasks: 0, type: '' },
  keys: [{ name: 'k', type: 'none' }, { name: 'vault', type: 'string' }],
  repositories: [{ name: 'r', git_url: 'https://example.test/r.git', git_branch: 'main', ssh_key: 'k' }],
  inventories: [{ name: 'i', inventory: 'localhost', type: 'static', ssh_key: 'k', become_key: null, repository: null }],
  environments: [{ name: 'e', json: '{}', env: null, password: null }],
  views: [{ title: 'v', position: 0 }],
  templates: [{ name: 't', app: 'bash', playbook: 'ok.sh', repository: 'r', inventory: 'i', environment: 'e', view: 'v', arguments: '[]', vaults: [{ name: 'v', vault_key: 'vault', type: 'password' }] }],
  integrations: [{
    name: 'g', template: 't', auth_method: '',
    matchers: [{ name: 'm', match_type: 'header', method: 'equals', key: 'X-Event', value: 'push' }],
    extract_values: [{ name: 'x', value_source: 'header', key: 'X-Event', variable: 'event' }],
  }],
  integration_aliases: [`alias${process.pid}${Date.now()}`],
});

const appId = () => uniq('app').replace(/-/g, '_');
const customApp = async (w: World) => {
  const id = appId();
  await w.admin.put(`/api/apps/${id}`, { title: id });
  return id;
};
const runner = async (w: World) => (await w.admin.post('/api/runners', { name: uniq('runner') })).body.id as number;
const runnerHeaders = (w: World) => ({ 'x-runner-token': w.runner.token });

export const GLOBAL_WRITE_ROUTES: WriteRoute[] = [
  {
    route: 'POST /api/auth/login', ok: 204, fields: [str('auth', 255, { required: true }), str('password', 1000, { required: true })],
    target: async () => ({ params: {}, body: { auth: 'admin', password: ADMIN_PASSWORD } }),
    rules: () => [{ what: 'a wrong password', patch: { password: 'not the password' }, field: '', status: 401 }],
  },
  { route: 'POST /api/auth/logout', ok: 204, noBody: true, target: async () => ({ params: {} }) },
  { route: 'POST /api/user/tokens', ok: 201, noBody: true, target: async () => ({ params: {} }) },
  {
    route: 'DELETE /api/user/tokens/:token_id', ok: 204, noBody: true,
    target: async (w) => ({ params: { token_id: (await createApiToken(w.stack.db, w.adminId)).id } }),
    foreignParams: (w) => ({ token_id: w.other.tokenId }),
  },
  {
    route: 'POST /api/users', ok: 201, fields: [...userFields(true), bool('external')],
    target: async () => {
      const username = uniq('user');
      return { params: {}, body: { username, name: 'New User', email: `${username}@example.test`, password: 'a password' } };
    },
    rules: (w) => [
      { what: 'a username that is taken', patch: { username: 'ADMIN' }, field: 'username', status: 409 },
      { what: 'an e-mail that is taken', patch: { email: 'admin@localhost' }, field: 'email', status: 409 },
      { what: 'a password over 72 bytes', patch: { password: 'é'.repeat(37) }, field: 'password' },
      { what: 'an e-mail without @', patch: { email: `nobody.example.test${w.adminId}` }, field: 'email' },
    ],
  },
  {
    route: 'PUT /api/users/:user_id', ok: 204, fields: [...userFields(false), BODY_ID],
    target: async (w) => ({ params: { user_id: (await tokenUser(w.stack, 'renamed')).id }, body: { name: 'Renamed', email: `${uniq('renamed')}@example.test` } }),
    rules: () => [{ what: 'a username that is taken', patch: { username: 'admin' }, field: 'username', status: 409 }],
  },
  {
    route: 'DELETE /api/users/:user_id', ok: 204, noBody: true,
    target: async (w) => ({ params: { user_id: (await tokenUser(w.stack, 'deleted')).id } }),
  },
  {
    route: 'POST /api/users/:user_id/password', ok: 204, fields: [str('password', 72, { required: true })],
    target: async (w) => ({ params: { user_id: (await tokenUser(w.stack, 'password')).id }, body: { password: 'a new password' } }),
  },
  {
    route: 'POST /api/projects', ok: 201,
    fields: [NAME, bool('alert'), str('alert_chat', 255, { nullable: true }), { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 }, str('type', 50), bool('demo')],
    target: async () => ({ params: {}, body: { name: uniq('project'), alert: false, max_parallel_tasks: 1 } }),
  },
  {
    route: 'POST /api/projects/restore', ok: 200, fields: backupFields,
    target: async () => ({ params: {}, body: backup() }),
    rules: () => {
      const b = backup();
      return [
        { what: 'a template naming a missing repository', patch: { templates: [{ ...b.templates[0], repository: 'missing' }] }, field: 'templates.0.repository' },
        { what: 'two keys with one name', patch: { keys: [...b.keys, { name: 'k', type: 'ssh' }] }, field: 'keys.2.name' },
        { what: 'a deploy template without a build template', patch: { templates: [{ ...b.templates[0], type: 'deploy' }] }, field: 'templates.0.build_template' },
        { what: 'a template with a bad cron line', patch: { templates: [{ ...b.templates[0], cron: '61 * * * *' }] }, field: 'templates.0.cron' },
        { what: 'a file inventory outside the repository', patch: { inventories: [{ ...b.inventories[0], type: 'file', inventory: '../../etc/passwd' }] }, field: 'inventories.0.inventory' },
      ];
    },
  },
  {
    route: 'POST /api/options', ok: 200,
    fields: [str('key', 255, { required: true, refuses: ['../../etc/passwd', '$(id)', '; rm -rf /', 'line one\nline two'] }), str('value', 1000, { required: true })],
    target: async () => ({ params: {}, body: { key: 'bad_input.option', value: 'v' } }),
  },
  { route: 'POST /api/runners', ok: 201, optionalBody: true, fields: runnerFields, target: async () => ({ params: {}, body: { name: uniq('runner'), webhook: 'https://example.test/hook', max_parallel_tasks: 2, tag: 't' } }) },
  ...(['PUT', 'POST'] as const).map((method): WriteRoute => ({
    route: `${method} /api/runners/:runner_id`, ok: 204, fields: runnerFields,
    target: async (w) => ({ params: { runner_id: await runner(w) }, body: { name: uniq('runner'), webhook: '', max_parallel_tasks: 0, active: true, tag: '' } }),
  })),
  { route: 'DELETE /api/runners/:runner_id', ok: 204, noBody: true, target: async (w) => ({ params: { runner_id: await runner(w) } }) },
  {
    route: 'POST /api/runners/:runner_id/active', ok: 204, fields: [{ path: 'active', type: 'bool', required: true }],
    target: async (w) => ({ params: { runner_id: await runner(w) }, body: { active: false } }),
  },
  ...(['PUT', 'POST'] as const).map((method): WriteRoute => ({
    route: `${method} /api/apps/:app_id`, ok: 204, fields: appFields, pathCreates: true,
    target: async () => ({ params: { app_id: appId() }, body: { title: 'Custom', priority: 1, args: ['--flag'], path: '/usr/bin/custom' } }),
    rules: () => [{ what: 'an id unlike the path', patch: { id: 'other_app' }, field: 'id' }],
  })),
  { route: 'DELETE /api/apps/:app_id', ok: 204, noBody: true, target: async (w) => ({ params: { app_id: await customApp(w) } }) },
  {
    route: 'POST /api/apps/:app_id/active', ok: 204, fields: [{ path: 'active', type: 'bool', required: true }],
    target: async (w) => ({ params: { app_id: await customApp(w) }, body: { active: true } }),
  },
  {
    route: 'DELETE /api/tasks/:task_id', ok: 204, noBody: true,
    target: async (w) => ({ params: { task_id: await w.a.o.runningTask() } }),
    settle: (w, t) => w.admin.waitForTask(w.a.projectId, Number(t.params.task_id)).then(() => undefined),
  },
  {
    route: 'POST /api/runner/tasks/:task_id/output', ok: 204,
    fields: [{ path: 'lines', type: 'array', required: true }, { path: 'lines.0.seq', type: 'int', required: true }, str('lines.0.time', 64, { required: true }), str('lines.0.output', 1_000_000, { required: true })],
    target: async (w) => ({
      params: { task_id: w.runner.taskId }, headers: runnerHeaders(w),
      body: { lines: [{ seq: 1_000_000 + Math.floor(Math.random() * 1000), time: new Date().toISOString(), output: 'from the runner' }] },
    }),
    rules: () => [
      { what: 'a time that is no date', patch: { lines: [{ seq: 5, time: 'yesterday', output: 'x' }] }, field: 'lines.0.time' },
      { what: 'seq 0', patch: { lines: [{ seq: 0, time: new Date().toISOString(), output: 'x' }] }, field: 'lines.0.seq' },
    ],
  },
  {
    route: 'POST /api/runner/tasks/:task_id/status', ok: 204,
    fields: [{ path: 'status', type: 'enum', required: true }, str('commit_hash', undefined, { refuses: ['$(id)', '-rf', 'HEAD~1'] }), str('commit_message', 1000)],
    target: async (w) => ({ params: { task_id: w.runner.taskId }, headers: runnerHeaders(w), body: { status: 'running' } }),
  },
];
