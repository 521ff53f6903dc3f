// The write routes of accounts and projects outside any project: login, logout, API tokens,
// users, new projects and restores: valid calls and the bodies' fields.
import { ADMIN_PASSWORD } from '../in-process.ts';
import type { Field } from './payloads.ts';
import { BODY_ID, DASHED, HOSTILE_PATHS, NAME, bool, str, uniq, type WriteRoute } from './route-spec.ts';
import { tokenUser } from '../authz-scene.ts';
import { createApiToken } from '../../../src/services/auth.ts';

const userFields = (required: boolean): Field[] => [
  str('username', 255, { required, refuses: ['; rm -rf /', 'line one\nline two', '| cat /etc/shadow'] }),
  { ...NAME, required },
  str('email', 255, { required, refuses: ['$(id)', '../../etc/passwd', '-rf'] }),
  str('password', 72),
  bool('admin'),
  bool('alert'),
];

const backupFields: Field[] = [
  { path: 'meta', type: 'object', required: true },
  { ...NAME, path: 'meta.name' },
  { path: 'meta.max_parallel_tasks', type: 'int', maxValue: 10_000 },
  bool('meta.alert'),
  { path: 'keys', type: 'array', nullable: true },
  { path: 'keys.0.type', type: 'enum', required: true },
  str('repositories.0.git_url', 2000, { required: true, refuses: DASHED }),
  str('repositories.0.git_branch', 255, { refuses: DASHED }),
  { path: 'inventories.0.type', type: 'enum' },
  str('templates.0.playbook', 2000, { refuses: HOSTILE_PATHS }),
  { path: 'templates.0.app', type: 'enum' },
  { ...NAME, path: 'templates.0.repository' },
  { path: 'templates.0.arguments', type: 'json-array-text', nullable: true },
  { path: 'templates.0.task_params', type: 'record', nullable: true },
  { path: 'environments.0.json', type: 'json-object-text' },
  { path: 'integrations.0.matchers.0.match_type', type: 'enum', required: true },
  str('integration_aliases.0', undefined, { refuses: ['$(id)', '../../etc/passwd', 'x'.repeat(65)] }),
];

const backup = () => ({
  meta: { name: uniq('restored'), alert: false, max_parallel_tasks: 0, type: '' },
  keys: [
    { name: 'k', type: 'none' },
    { name: 'vault', type: 'string' },
  ],
  repositories: [{ name: 'r', git_url: 'https://example.test/r.git', git_branch: 'main', ssh_key: 'k' }],
  inventories: [
    { name: 'i', inventory: 'localhost', type: 'static', ssh_key: 'k', become_key: null, repository: null },
  ],
  environments: [{ name: 'e', json: '{}', env: null, password: null }],
  views: [{ title: 'v', position: 0 }],
  templates: [
    {
      name: 't',
      app: 'bash',
      playbook: 'ok.sh',
      repository: 'r',
      inventory: 'i',
      environment: 'e',
      view: 'v',
      arguments: '[]',
      vaults: [{ name: 'v', vault_key: 'vault', type: 'password' }],
    },
  ],
  integrations: [
    {
      name: 'g',
      template: 't',
      auth_method: '',
      matchers: [{ name: 'm', match_type: 'header', method: 'equals', key: 'X-Event', value: 'push' }],
      extract_values: [{ name: 'x', value_source: 'header', key: 'X-Event', variable: 'event' }],
    },
  ],
  integration_aliases: [`alias${process.pid}${Date.now()}`],
});

export const ACCOUNT_WRITE_ROUTES: WriteRoute[] = [
  {
    route: 'POST /api/auth/login',
    ok: 204,
    fields: [str('auth', 255, { required: true }), str('password', 1000, { required: true })],
    target: async () => ({ params: {}, body: { auth: 'admin', password: ADMIN_PASSWORD } }),
    rules: () => [{ what: 'a wrong password', patch: { password: 'not the password' }, field: '', status: 401 }],
  },
  { route: 'POST /api/auth/logout', ok: 204, noBody: true, target: async () => ({ params: {} }) },
  { route: 'POST /api/user/tokens', ok: 201, noBody: true, target: async () => ({ params: {} }) },
  {
    route: 'DELETE /api/user/tokens/:token_id',
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { token_id: (await createApiToken(w.stack.db, w.adminId)).id } }),
    foreignParams: (w) => ({ token_id: w.other.tokenId }),
  },
  {
    route: 'POST /api/users',
    ok: 201,
    fields: [...userFields(true), bool('external')],
    target: async () => {
      const username = uniq('user');
      return {
        params: {},
        body: { username, name: 'New User', email: `${username}@example.test`, password: 'a password' },
      };
    },
    rules: (w) => [
      { what: 'a username that is taken', patch: { username: 'ADMIN' }, field: 'username', status: 409 },
      { what: 'an e-mail that is taken', patch: { email: 'admin@localhost' }, field: 'email', status: 409 },
      { what: 'a password over 72 bytes', patch: { password: 'é'.repeat(37) }, field: 'password' },
      { what: 'an e-mail without @', patch: { email: `nobody.example.test${w.adminId}` }, field: 'email' },
    ],
  },
  {
    route: 'PUT /api/users/:user_id',
    ok: 204,
    fields: [...userFields(false), BODY_ID],
    target: async (w) => ({
      params: { user_id: (await tokenUser(w.stack, 'renamed')).id },
      body: { name: 'Renamed', email: `${uniq('renamed')}@example.test` },
    }),
    rules: () => [{ what: 'a username that is taken', patch: { username: 'admin' }, field: 'username', status: 409 }],
  },
  {
    route: 'DELETE /api/users/:user_id',
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { user_id: (await tokenUser(w.stack, 'deleted')).id } }),
  },
  {
    route: 'POST /api/users/:user_id/password',
    ok: 204,
    fields: [str('password', 72, { required: true })],
    target: async (w) => ({
      params: { user_id: (await tokenUser(w.stack, 'password')).id },
      body: { password: 'a new password' },
    }),
  },
  {
    route: 'POST /api/projects',
    ok: 201,
    fields: [
      NAME,
      bool('alert'),
      str('alert_chat', 255, { nullable: true }),
      { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 },
      str('type', 50),
      bool('demo'),
    ],
    target: async () => ({ params: {}, body: { name: uniq('project'), alert: false, max_parallel_tasks: 1 } }),
  },
  {
    route: 'POST /api/projects/restore',
    ok: 200,
    fields: backupFields,
    target: async () => ({ params: {}, body: backup() }),
    rules: () => {
      const b = backup();
      return [
        {
          what: 'a template naming a missing repository',
          patch: { templates: [{ ...b.templates[0], repository: 'missing' }] },
          field: 'templates.0.repository',
        },
        {
          what: 'two keys with one name',
          patch: { keys: [...b.keys, { name: 'k', type: 'ssh' }] },
          field: 'keys.2.name',
        },
        {
          what: 'a deploy template without a build template',
          patch: { templates: [{ ...b.templates[0], type: 'deploy' }] },
          field: 'templates.0.build_template',
        },
        {
          what: 'a template with a bad cron line',
          patch: { templates: [{ ...b.templates[0], cron: '61 * * * *' }] },
          field: 'templates.0.cron',
        },
        {
          what: 'a file inventory outside the repository',
          patch: { inventories: [{ ...b.inventories[0], type: 'file', inventory: '../../etc/passwd' }] },
          field: 'inventories.0.inventory',
        },
      ];
    },
  },
];
