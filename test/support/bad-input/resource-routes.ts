// The write routes of a project's keys, repositories, inventories and environments: their valid
// calls and their bodies' fields.
import type { Field } from './payloads.ts';
import {
  DASHED,
  HOSTILE_PATHS,
  NAME,
  P,
  PROJECT_ID,
  bool,
  idField,
  ref,
  resource,
  str,
  uniq,
  type WriteRoute,
} from './route-spec.ts';

const keyFields: Field[] = [
  NAME,
  { path: 'type', type: 'enum', required: true },
  PROJECT_ID,
  str('string', 1_000_000),
  { path: 'login_password', type: 'object' },
  str('login_password.login', 1000),
  str('login_password.password', 10_000),
  { path: 'ssh', type: 'object' },
  str('ssh.login', 1000),
  str('ssh.passphrase', 10_000),
  str('ssh.private_key', 100_000),
  bool('override_secret'),
];

const repositoryFields: Field[] = [
  NAME,
  PROJECT_ID,
  str('git_url', 2000, { required: true, refuses: DASHED }),
  str('git_branch', 255, { refuses: DASHED }),
  ref('ssh_key_id', { required: true }),
];

const inventoryFields: Field[] = [
  NAME,
  PROJECT_ID,
  str('inventory', 1_000_000),
  ref('ssh_key_id', { nullable: true }),
  ref('become_key_id', { nullable: true }),
  ref('repository_id', { nullable: true }),
  { path: 'type', type: 'enum' },
  str('runner_tag', 255, { nullable: true }),
];

const environmentFields: Field[] = [
  NAME,
  PROJECT_ID,
  str('password', 10_000, { nullable: true }),
  { path: 'json', type: 'json-object-text' },
  { path: 'env', type: 'json-object-text', nullable: true },
  { path: 'secrets', type: 'array' },
  { path: 'secrets.0', type: 'object' },
  { path: 'secrets.0.type', type: 'enum', required: true },
  str('secrets.0.name', 255, { required: true }),
  str('secrets.0.secret', 100_000),
  { path: 'secrets.0.operation', type: 'enum' },
  idField('secrets.0.id'),
];

export const RESOURCE_WRITE_ROUTES: WriteRoute[] = [
  ...resource({
    path: `${P}/keys`,
    param: 'key_id',
    created: 204,
    fields: keyFields,
    fresh: (w) => w.a.o.key(),
    foreignId: (b) => b.keyId,
    body: () => ({
      name: uniq('key'),
      type: 'login_password',
      login_password: { login: 'deploy', password: 'pw' },
      ssh: { login: 'u', passphrase: '', private_key: 'KEY' },
      string: 's',
      override_secret: true,
    }),
    foreign: (w) => ({ project_id: w.b.projectId }),
    rules: () => [
      {
        what: 'a login without its password',
        patch: { login_password: { login: 'deploy' } },
        field: 'login_password.password',
      },
      {
        what: 'an ssh key without its private key',
        patch: { type: 'ssh', ssh: { login: 'u' } },
        field: 'ssh.private_key',
      },
    ],
  }),
  ...resource({
    path: `${P}/repositories`,
    param: 'repository_id',
    created: 204,
    fields: repositoryFields,
    fresh: (w) => w.a.o.repository(),
    foreignId: (b) => b.repositoryId,
    body: (w) => ({
      name: uniq('repo'),
      git_url: 'https://example.test/r.git',
      git_branch: 'main',
      ssh_key_id: w.a.keyId,
    }),
    foreign: (w) => ({ project_id: w.b.projectId, ssh_key_id: w.b.keyId }),
  }),
  ...resource({
    path: `${P}/inventory`,
    param: 'inventory_id',
    created: 201,
    fields: inventoryFields,
    fresh: (w) => w.a.o.inventory(),
    foreignId: (b) => b.inventoryId,
    body: (w) => ({
      name: uniq('inventory'),
      inventory: 'localhost',
      type: 'static',
      ssh_key_id: w.a.keyId,
      become_key_id: w.a.keyId,
      repository_id: w.a.repositoryId,
      runner_tag: null,
    }),
    foreign: (w) => ({
      project_id: w.b.projectId,
      ssh_key_id: w.b.keyId,
      become_key_id: w.b.keyId,
      repository_id: w.b.repositoryId,
    }),
    rules: () =>
      HOSTILE_PATHS.map((path) => ({
        what: `a file inventory at ${path}`,
        patch: { type: 'file', inventory: path },
        field: 'inventory',
      })),
  }),
  ...resource({
    path: `${P}/environment`,
    param: 'environment_id',
    created: 204,
    fields: environmentFields,
    fresh: (w) => w.a.o.environment(),
    foreignId: (b) => b.environmentId,
    body: () => ({
      name: uniq('environment'),
      json: '{"a": 1}',
      env: '{"B": "x"}',
      password: null,
      secrets: [{ type: 'var', name: 's', secret: 'x', operation: 'create' }],
    }),
    foreign: (w) => ({ project_id: w.b.projectId }),
    rules: (w) => [
      {
        what: 'a secret update without its id',
        patch: { secrets: [{ type: 'var', name: 's', operation: 'update' }] },
        field: 'secrets',
      },
      {
        what: "another project's secret",
        patch: { secrets: [{ id: w.b.secretId, type: 'var', name: 's', operation: 'delete' }] },
        field: 'secrets',
      },
      {
        what: 'an unknown secret',
        patch: { secrets: [{ id: 2 ** 31 - 1, type: 'env', name: 's', operation: 'update' }] },
        field: 'secrets',
      },
    ],
  }),
];
