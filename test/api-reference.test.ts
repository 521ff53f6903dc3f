// The API reference: the registry covers exactly the routes the app mounts, the document and its
// page are served without credentials, and real answers match what the document says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { buildDocument, openApiJson } from '../src/api/openapi/document.ts';
import { apiOperations } from '../src/api/openapi/operations/index.ts';
import { compareRoutes } from './support/app-routes.ts';
import { routeOf } from './support/authz-expectations.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createProjectWithRepo, createTemplate } from './support/fixtures.ts';
import { memberClient } from './support/members.ts';
import type { ApiClient } from './support/api-client.ts';

test('every route that createApp mounts is in the API registry, and every registered operation is mounted', () => {
  const rows = apiOperations.map(routeOf);
  const { missingRows, staleRows } = compareRoutes(rows);
  assert.deepEqual(
    missingRows,
    [],
    'routes without an entry in src/api/openapi/operations (document them, then run `npm run openapi`)',
  );
  assert.deepEqual(staleRows, [], 'registry entries for routes that no longer exist');
});

describe('API reference served on sqlite', () => {
  let stack: InProcessStack;
  const doc = buildDocument() as Record<string, any>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajvFormats.default(ajv);
  const compiled = new Map<string, ValidateFunction>();

  before(async () => {
    stack = await startInProcess('sqlite');
  });
  after(async () => stack?.close());

  /** Calls the API and checks the answer against the operation `method documented` of the document. */
  async function call(
    client: ApiClient,
    method: string,
    documented: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const res = await client.request(method, url, body, headers);
    const op = doc.paths[documented]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${documented} is not in the document`);
    const success = Object.keys(op.responses).find((s) => Number(s) < 300);
    assert.equal(
      String(res.status),
      success,
      `${method} ${url} answered ${res.status} (${res.text.slice(0, 300)}); documented ${success}`,
    );
    const schema = op.responses[success!].content?.['application/json']?.schema;
    if (!schema) {
      assert.equal(res.text, '', `${method} ${url} is documented without a body`);
      return res.body;
    }
    const key = `${method} ${documented}`;
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = ajv.compile({ ...schema, components: doc.components })));
    assert.ok(
      validate(res.body),
      `${key}: ${ajv.errorsText(validate.errors, { separator: '; ' })} in ${res.text.slice(0, 500)}`,
    );
    return res.body;
  }

  test("/api/openapi.json, /api/docs and the page's files answer 200 without credentials", async () => {
    const json = await stack.anonymous.get('/api/openapi.json');
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(json.text, openApiJson(), 'the served document is the generated one');

    const page = await stack.anonymous.get('/api/docs');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.text, /<title>Signalman API reference<\/title>/);
    for (const src of page.text.matchAll(/(?:src|href)="([^"]+)"/g)) {
      assert.ok(src[1].startsWith('/api/docs/'), `${src[1]} is served by Signalman itself, not fetched from elsewhere`);
      const file = await stack.anonymous.get(src[1]);
      assert.equal(file.status, 200, src[1]);
      assert.ok(file.text.trim().length > 0, `${src[1]} has content`);
      assert.doesNotMatch(file.headers.get('content-type') ?? '', /^text\/html/, `${src[1]} is the file, not a page`);
    }
    assert.equal(
      (await stack.anonymous.get('/api/docs/package.json')).status,
      404,
      "only the page's own files are served",
    );
  });

  test('real answers have the documented success status and match the documented schemas', async () => {
    const api = stack.admin;
    await call(stack.anonymous, 'GET', '/api/auth/login', '/api/auth/login');
    await call(api, 'GET', '/api/user', '/api/user');
    const token = await call(api, 'POST', '/api/user/tokens', '/api/user/tokens');
    await call(api, 'GET', '/api/user/tokens', '/api/user/tokens');
    const user = await call(api, 'POST', '/api/users', '/api/users', {
      username: 'reader',
      name: 'Reader',
      email: 'reader@test.invalid',
      password: 'pw-reader',
    });
    await call(api, 'GET', '/api/users/{user_id}', `/api/users/${user.id}`);
    await call(api, 'GET', '/api/users', '/api/users');
    await call(api, 'GET', '/api/info', '/api/info');

    const f = await createProjectWithRepo(api, 'file:///nowhere/repo');
    const p = `/api/project/${f.projectId}`;
    const pp = '/api/project/{project_id}';
    await call(api, 'GET', '/api/projects', '/api/projects');
    await call(api, 'GET', pp, p);
    await call(api, 'GET', `${pp}/role`, `${p}/role`);
    await call(api, 'GET', `${pp}/keys`, `${p}/keys`);
    await call(api, 'GET', `${pp}/keys/{key_id}`, `${p}/keys/${f.keyId}`);
    await call(api, 'GET', `${pp}/keys/{key_id}/refs`, `${p}/keys/${f.keyId}/refs`);
    await call(api, 'GET', `${pp}/repositories/{repository_id}`, `${p}/repositories/${f.repositoryId}`);
    await call(api, 'GET', `${pp}/inventory/{inventory_id}`, `${p}/inventory/${f.inventoryId}`);
    await call(api, 'GET', `${pp}/environment/{environment_id}`, `${p}/environment/${f.environmentId}`);

    const view = await call(api, 'POST', `${pp}/views`, `${p}/views`, { title: 'Deploy' });
    const templateId = await createTemplate(api, f, 'hello.sh', {
      view_id: view.id,
      survey_vars: [{ name: 'who', title: 'Who' }],
    });
    await call(api, 'GET', `${pp}/templates/{template_id}`, `${p}/templates/${templateId}`);
    await call(api, 'GET', `${pp}/templates`, `${p}/templates`);
    await call(api, 'GET', `${pp}/views/{view_id}/templates`, `${p}/views/${view.id}/templates`);
    await call(api, 'POST', `${pp}/schedules`, `${p}/schedules`, {
      template_id: templateId,
      cron_format: '0 3 * * *',
      active: false,
    });
    await call(api, 'GET', `${pp}/schedules`, `${p}/schedules`);
    await call(api, 'GET', `${pp}/templates/{template_id}/schedules`, `${p}/templates/${templateId}/schedules`);

    const task = await call(api, 'POST', `${pp}/tasks`, `${p}/tasks`, { template_id: templateId });
    await api.waitForTask(f.projectId, task.id);
    await call(api, 'GET', `${pp}/tasks/{task_id}`, `${p}/tasks/${task.id}`);
    await call(api, 'GET', `${pp}/tasks`, `${p}/tasks`);
    await call(api, 'GET', `${pp}/tasks/{task_id}/output`, `${p}/tasks/${task.id}/output`);
    await call(
      api,
      'GET',
      `${pp}/templates/{template_id}/tasks/last`,
      `${p}/templates/${templateId}/tasks/last?limit=5`,
    );

    const integration = await call(api, 'POST', `${pp}/integrations`, `${p}/integrations`, {
      name: 'hook',
      template_id: templateId,
    });
    const ip = `${pp}/integrations/{integration_id}`;
    const i = `${p}/integrations/${integration.id}`;
    await call(api, 'POST', `${ip}/matchers`, `${i}/matchers`, {
      name: 'm',
      match_type: 'header',
      method: 'equals',
      key: 'X-Kind',
      value: 'push',
    });
    await call(api, 'POST', `${ip}/values`, `${i}/values`, {
      name: 'v',
      value_source: 'header',
      key: 'X-Ref',
      variable: 'ref',
    });
    const alias = await call(api, 'POST', `${ip}/aliases`, `${i}/aliases`);
    // The receiver is public; without its X-Kind header the integration's matcher turns this request down.
    await call(stack.anonymous, 'POST', '/api/integrations/{alias}', new URL(alias.url).pathname, { ref: 'main' });
    await call(api, 'GET', `${ip}/refs`, `${i}/refs`);
    await call(api, 'GET', `${pp}/integrations`, `${p}/integrations`);

    await call(api, 'GET', `${pp}/users`, `${p}/users`);
    await call(api, 'GET', `${pp}/events/last`, `${p}/events/last`);
    await call(api, 'GET', '/api/events', '/api/events');
    const backup = await call(api, 'GET', `${pp}/backup`, `${p}/backup`);
    await call(api, 'POST', '/api/projects/restore', '/api/projects/restore', {
      ...backup,
      meta: { ...backup.meta, name: 'restored' },
    });

    await call(api, 'POST', '/api/options', '/api/options', { key: 'reference.test', value: 'yes' });
    await call(api, 'GET', '/api/options', '/api/options');
    await call(api, 'GET', '/api/apps', '/api/apps');
    await call(api, 'GET', '/api/apps/{app_id}', '/api/apps/ansible');
    await call(api, 'GET', '/api/tasks', '/api/tasks');
    const runner = await call(api, 'POST', '/api/runners', '/api/runners', { name: 'r1', tag: 'far' });
    await call(api, 'GET', '/api/runners', '/api/runners');
    await call(stack.anonymous, 'GET', '/api/runner/self', '/api/runner/self', undefined, {
      'x-runner-token': runner.token,
    });

    const member = await memberClient(stack, f.projectId, 'guest');
    await call(member, 'GET', '/api/users', '/api/users');
    await call(member, 'GET', `${pp}/role`, `${p}/role`);
    await call(api, 'DELETE', '/api/user/tokens/{token_id}', `/api/user/tokens/${token.id}`);
  });
});
