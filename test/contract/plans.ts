// How each operation is called beyond what the spec says: path ids of throwaway objects for the
// destructive operations, body fields turned into valid references to the fixtures, and the few
// operations that cannot be checked from outside (skipped, with the reason).
import { ApiClient } from '../support/api-client.ts';
import { ADMIN_PASSWORD } from '../support/in-process.ts';
import type { ContractFixtures } from './fixtures.ts';

type Body = Record<string, unknown>;

export interface Plan {
  skip?: string;
  /** Path parameters that are not the shared fixtures, e.g. an object made only to be deleted. */
  params?: (f: ContractFixtures) => Promise<Record<string, string | number>>;
  /** The body to send, from the example the spec's schema gives. */
  body?: (f: ContractFixtures, example: Body) => Body | Promise<Body>;
  /** Who calls; by default the admin's session, or no credentials for the spec's public operations. */
  client?: (f: ContractFixtures) => Promise<ApiClient>;
}

/** `example` with `changes` applied; a change to undefined removes the field. */
function patch(example: Body, changes: Body): Body {
  const out = { ...example, ...changes };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

const inProject = (f: ContractFixtures) => ({ project_id: f.need('project_id') });

const repositoryRefs = (f: ContractFixtures) => ({
  ...inProject(f),
  git_url: f.gitUrl,
  git_branch: 'main',
  ssh_key_id: f.need('key_id'),
});

const inventoryRefs = (f: ContractFixtures) => ({
  ...inProject(f),
  inventory: 'localhost',
  ssh_key_id: f.need('key_id'),
  become_key_id: f.need('key_id'),
});

// The schema's password has no example; the fixtures set one, so the answers can be compared.
const environmentRefs = (f: ContractFixtures) => ({ ...inProject(f), password: 'vault-password' });

// The example's app and playbook (ansible, test.yml) are swapped for the test repository's bash
// script, so the fixture template stays runnable for the task operations after its PUT.
const templateRefs = (f: ContractFixtures) => ({
  ...inProject(f),
  repository_id: f.need('repository_id'),
  inventory_id: f.need('inventory_id'),
  environment_id: f.need('environment_id'),
  view_id: f.optional('view_id'),
  app: 'bash',
  playbook: 'hello.sh',
});

const scheduleRefs = (f: ContractFixtures) => ({
  ...inProject(f),
  template_id: f.need('template_id'),
  name: 'contract schedule',
});

const integrationRefs = (f: ContractFixtures) => ({ ...inProject(f), template_id: f.need('template_id') });

const throwaway = (param: string, create: (f: ContractFixtures) => Promise<number | string>) => ({
  params: async (f: ContractFixtures) => ({ [param]: await create(f) }),
});

export const PLANS: Record<string, Plan> = {
  'GET /ws': {
    skip: 'WebSocket endpoint: it answers an HTTP upgrade, which a plain request cannot make (upstream dredd skips it too)',
  },
  'GET /auth/oidc/{provider_id}/login': {
    skip: 'redirects to an OIDC provider, so it needs one configured and reachable',
  },
  'GET /auth/oidc/{provider_id}/redirect': {
    skip: 'completes an OIDC login, so it needs a provider that issued an authorization code',
  },

  'POST /auth/login': { body: () => ({ auth: 'admin', password: ADMIN_PASSWORD }) },
  // A session of its own, so the suite's session stays valid.
  'POST /auth/logout': {
    client: async (f) => {
      const session = new ApiClient(f.api.base);
      await session.login('admin', ADMIN_PASSWORD);
      return session;
    },
  },
  'DELETE /user/tokens/{api_token_id}': throwaway('api_token_id', (f) => f.apiToken()),

  'DELETE /users/{user_id}/': throwaway('user_id', (f) => f.user()),
  // Upstream's hooks send {"password": "staub"}; Signalman wants 8 characters at least (SIGNALMAN_PASSWORD_MIN_LENGTH).
  'POST /users/{user_id}/password': { body: () => ({ password: 'staub-staub' }) },

  // The example's template has a cron line, which would start a task every minute: dropped.
  'POST /projects/restore': {
    body: (_f, example) => ({
      ...example,
      templates: (example.templates as Body[]).map((t) => ({ ...t, cron: null })),
    }),
  },
  'PUT /project/{project_id}/': { body: (_f, example) => patch(example, { name: 'contract project renamed' }) },
  'DELETE /project/{project_id}/': throwaway('project_id', (f) => f.project()),

  'POST /project/{project_id}/users': { body: async (f, example) => patch(example, { user_id: await f.user() }) },
  'DELETE /project/{project_id}/users/{user_id}': {
    params: async (f) => {
      const userId = await f.user();
      await f.linkUser(userId);
      return { user_id: userId };
    },
  },

  'POST /project/{project_id}/integrations': { body: (f, example) => patch(example, integrationRefs(f)) },
  'PUT /project/{project_id}/integrations/{integration_id}': {
    body: (f, example) => patch(example, integrationRefs(f)),
  },
  'DELETE /project/{project_id}/integrations/{integration_id}': throwaway('integration_id', (f) => f.integration()),
  'POST /project/{project_id}/integrations/{integration_id}/values': {
    body: (f, example) => patch(example, { integration_id: f.need('integration_id') }),
  },
  'DELETE /project/{project_id}/integrations/{integration_id}/values/{extractvalue_id}': throwaway(
    'extractvalue_id',
    (f) => f.extractValue(),
  ),
  'POST /project/{project_id}/integrations/{integration_id}/matchers': {
    body: (f, example) => patch(example, { integration_id: f.need('integration_id') }),
  },
  'DELETE /project/{project_id}/integrations/{integration_id}/matchers/{matcher_id}': throwaway('matcher_id', (f) =>
    f.matcher(),
  ),

  'POST /project/{project_id}/keys': { body: (f, example) => patch(example, inProject(f)) },
  'PUT /project/{project_id}/keys/{key_id}': { body: (f, example) => patch(example, inProject(f)) },
  'DELETE /project/{project_id}/keys/{key_id}': throwaway('key_id', (f) => f.key()),

  'POST /project/{project_id}/repositories': { body: (f, example) => patch(example, repositoryRefs(f)) },
  'PUT /project/{project_id}/repositories/{repository_id}': { body: (f, example) => patch(example, repositoryRefs(f)) },
  'DELETE /project/{project_id}/repositories/{repository_id}': throwaway('repository_id', (f) => f.repository()),

  'POST /project/{project_id}/inventory': { body: (f, example) => patch(example, inventoryRefs(f)) },
  'PUT /project/{project_id}/inventory/{inventory_id}': { body: (f, example) => patch(example, inventoryRefs(f)) },
  'DELETE /project/{project_id}/inventory/{inventory_id}': throwaway('inventory_id', (f) => f.inventory()),

  'POST /project/{project_id}/environment': { body: (f, example) => patch(example, environmentRefs(f)) },
  'PUT /project/{project_id}/environment/{environment_id}': {
    body: (f, example) => patch(example, environmentRefs(f)),
  },
  'DELETE /project/{project_id}/environment/{environment_id}': throwaway('environment_id', (f) => f.environment()),

  'POST /project/{project_id}/templates': { body: (f, example) => patch(example, templateRefs(f)) },
  'PUT /project/{project_id}/templates/{template_id}': { body: (f, example) => patch(example, templateRefs(f)) },
  'DELETE /project/{project_id}/templates/{template_id}': throwaway('template_id', (f) => f.template('hello.sh')),

  'POST /project/{project_id}/schedules': { body: (f, example) => patch(example, scheduleRefs(f)) },
  'PUT /project/{project_id}/schedules/{schedule_id}': { body: (f, example) => patch(example, scheduleRefs(f)) },
  'DELETE /project/{project_id}/schedules/{schedule_id}': throwaway('schedule_id', (f) => f.schedule()),

  'POST /project/{project_id}/views': { body: (f, example) => patch(example, inProject(f)) },
  'PUT /project/{project_id}/views/{view_id}': { body: (f, example) => patch(example, inProject(f)) },
  'DELETE /project/{project_id}/views/{view_id}': throwaway('view_id', (f) => f.view()),

  'POST /project/{project_id}/tasks': { body: (f, example) => patch(example, { template_id: f.need('template_id') }) },
  // Stopping needs a task that is running; deleting, one that has finished.
  'POST /project/{project_id}/tasks/{task_id}/stop': throwaway('task_id', (f) => f.runningTask()),
  'DELETE /project/{project_id}/tasks/{task_id}': throwaway('task_id', (f) => f.finishedTask()),
};
