// Integrations (incoming webhooks), their matchers, extracted values and aliases, on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import type { ApiClient } from './support/api-client.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { memberClient, projectEvents } from './support/members.ts';

async function createKey(api: ApiClient, projectId: number, name: string): Promise<number> {
  const res = await api.post(`/api/project/${projectId}/keys`, {
    name,
    type: 'login_password',
    login_password: { login: '', password: 's3cret' },
  });
  assert.equal(res.status, 204, res.text);
  return (await api.get(`/api/project/${projectId}/keys`)).body.find((k: { name: string }) => k.name === name).id;
}

for (const kind of DB_KINDS) {
  describe(`integrations on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let other: ProjectFixture;
    let templateId: number;
    let otherTemplateId: number;
    let secretId: number;
    let otherSecretId: number;
    const url = (path = '') => `/api/project/${f.projectId}/integrations${path}`;
    const newIntegration = async (extra: Record<string, unknown> = {}) => {
      const res = await stack.admin.post(url(), {
        name: `hook ${Math.random().toString(36).slice(2, 8)}`,
        template_id: templateId,
        ...extra,
      });
      assert.equal(res.status, 201, res.text);
      return res.body as { id: number; name: string };
    };

    before(async () => {
      stack = await startInProcess(kind);
      f = await createProjectWithRepo(stack.admin, 'file:///nowhere/repo');
      other = await createProjectWithRepo(stack.admin, 'file:///nowhere/other');
      templateId = await createTemplate(stack.admin, f, 'deploy.sh');
      otherTemplateId = await createTemplate(stack.admin, other, 'theirs.sh');
      secretId = await createKey(stack.admin, f.projectId, 'webhook secret');
      otherSecretId = await createKey(stack.admin, other.projectId, 'their secret');
    });
    after(async () => stack?.close());

    test('an integration is created with 201, read, listed, updated and deleted, each change logged', async () => {
      const created = await stack.admin.post(url(), {
        name: 'github push',
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: secretId,
        searchable: true,
        task_params: { limit: 'web' },
      });
      assert.equal(created.status, 201, created.text);
      const id = created.body.id;
      assert.deepEqual(created.body, {
        id,
        name: 'github push',
        project_id: f.projectId,
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: secretId,
        auth_header: '',
        searchable: true,
        task_params: { limit: 'web' },
      });
      assert.deepEqual((await stack.admin.get(url(`/${id}`))).body, created.body);
      assert.ok((await stack.admin.get(url())).body.some((i: { id: number }) => i.id === id));

      const put = await stack.admin.put(url(`/${id}`), {
        id,
        name: 'token hook',
        template_id: templateId,
        auth_method: 'token',
        auth_secret_id: secretId,
        auth_header: 'X-Token',
      });
      assert.equal(put.status, 204, put.text);
      const got = (await stack.admin.get(url(`/${id}`))).body;
      assert.equal(got.auth_method, 'token');
      assert.equal(got.auth_header, 'X-Token');
      assert.equal(got.searchable, false);

      assert.equal((await stack.admin.delete(url(`/${id}`))).status, 204);
      assert.equal((await stack.admin.get(url(`/${id}`))).status, 404);
      const events = (await projectEvents(stack, f.projectId)).filter(
        (e) => e.object_type === 'integration' && e.object_id === id,
      );
      assert.deepEqual(
        events.map((e) => e.description),
        ['Integration token hook deleted', 'Integration token hook updated', 'Integration github push created'],
      );
    });

    test('bad integration bodies are 400 naming the field, and nothing is written', async () => {
      const before = await stack.db.integration.count();
      const cases: Array<[unknown, RegExp]> = [
        [{ template_id: templateId }, /^name: /],
        [{ name: 'x' }, /^template_id: /],
        [{ name: 'x', template_id: templateId, auth_method: 'basic' }, /^auth_method: must be one of/],
        [
          { name: 'x', template_id: templateId, auth_method: 'token', auth_header: 'X-T' },
          /^auth_secret_id: is required/,
        ],
        [
          { name: 'x', template_id: templateId, auth_method: 'hmac', auth_secret_id: secretId },
          /^auth_header: is required/,
        ],
        [{ name: 'x', template_id: templateId, searchable: 'yes' }, /^searchable: /],
        [{ name: 'x', template_id: templateId, task_params: 'a' }, /^task_params: /],
        [
          { name: 'x', template_id: otherTemplateId },
          new RegExp(`^template_id: template ${otherTemplateId} not found in project`),
        ],
        [
          { name: 'x', template_id: templateId, auth_method: 'github', auth_secret_id: otherSecretId },
          /^auth_secret_id: access key \d+ not found in project/,
        ],
        [{ name: 'x', template_id: templateId, project_id: other.projectId }, /^project_id: /],
      ];
      for (const [body, message] of cases) {
        const res = await stack.admin.post(url(), body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.match(res.body.error, message, JSON.stringify(body));
      }
      assert.equal(await stack.db.integration.count(), before);
    });

    test('matchers: created (200, as Semaphore does), listed, read, updated and deleted; refs of the integration list them', async () => {
      const hook = await newIntegration();
      const m = `/${hook.id}/matchers`;
      const created = await stack.admin.post(url(m), {
        name: 'main branch',
        match_type: 'body',
        method: 'equals',
        body_data_type: 'json',
        key: 'ref',
        value: 'refs/heads/main',
      });
      assert.equal(created.status, 200, created.text);
      const id = created.body.id;
      assert.deepEqual(created.body, {
        id,
        integration_id: hook.id,
        name: 'main branch',
        match_type: 'body',
        method: 'equals',
        body_data_type: 'json',
        key: 'ref',
        value: 'refs/heads/main',
      });
      assert.deepEqual((await stack.admin.get(url(m))).body, [created.body]);
      assert.deepEqual((await stack.admin.get(url(`${m}/${id}`))).body, created.body);
      assert.deepEqual((await stack.admin.get(url(`${m}/${id}/refs`))).body, { integrations: [] });

      const put = await stack.admin.put(url(`${m}/${id}`), {
        id,
        integration_id: hook.id,
        name: 'event',
        match_type: 'header',
        method: 'contains',
        key: 'X-GitHub-Event',
        value: 'push',
      });
      assert.equal(put.status, 204, put.text);
      assert.equal((await stack.admin.get(url(`${m}/${id}`))).body.match_type, 'header');
      assert.deepEqual((await stack.admin.get(url(`/${hook.id}/refs`))).body, {
        matchers: [{ id, name: 'event' }],
        values: [],
      });

      assert.equal((await stack.admin.delete(url(`${m}/${id}`))).status, 204);
      assert.equal((await stack.admin.get(url(`${m}/${id}`))).status, 404);
      const events = (await projectEvents(stack, f.projectId)).filter(
        (e) => e.object_type === 'integrationmatcher' && e.object_id === id,
      );
      assert.equal(events.length, 3);
    });

    test('extracted values: created with 201, updated and deleted', async () => {
      const hook = await newIntegration();
      const v = `/${hook.id}/values`;
      const created = await stack.admin.post(url(v), {
        name: 'commit',
        value_source: 'body',
        body_data_type: 'json',
        key: 'head_commit.id',
        variable: 'COMMIT',
      });
      assert.equal(created.status, 201, created.text);
      const id = created.body.id;
      assert.deepEqual(created.body, {
        id,
        integration_id: hook.id,
        name: 'commit',
        value_source: 'body',
        body_data_type: 'json',
        key: 'head_commit.id',
        variable: 'COMMIT',
      });
      const put = await stack.admin.put(url(`${v}/${id}`), {
        name: 'whole body',
        value_source: 'body',
        body_data_type: 'string',
        variable: 'PAYLOAD',
      });
      assert.equal(put.status, 204, put.text);
      assert.equal((await stack.admin.get(url(`${v}/${id}`))).body.variable, 'PAYLOAD');
      assert.deepEqual((await stack.admin.get(url(`/${hook.id}/refs`))).body.values, [{ id, name: 'whole body' }]);
      assert.equal((await stack.admin.delete(url(`${v}/${id}`))).status, 204);
      assert.deepEqual((await stack.admin.get(url(v))).body, []);
      const events = (await projectEvents(stack, f.projectId)).filter(
        (e) => e.object_type === 'integrationextractvalue' && e.object_id === id,
      );
      assert.equal(events.length, 3);
    });

    test('bad matcher and value bodies are 400 naming the field', async () => {
      const hook = await newIntegration();
      const other = await newIntegration();
      const matcherCases: Array<[unknown, RegExp]> = [
        [
          { name: 'x', match_type: 'query', method: 'equals', key: 'k', value: 'v' },
          /^match_type: must be one of header, body/,
        ],
        [
          { name: 'x', match_type: 'header', method: 'like', key: 'k', value: 'v' },
          /^method: must be one of equals, unequals, contains/,
        ],
        [{ name: 'x', match_type: 'body', method: 'equals', body_data_type: 'yaml', key: 'k' }, /^body_data_type: /],
        [{ name: 'x', match_type: 'body', method: 'equals', key: 'k' }, /^body_data_type: is required/],
        [{ name: 'x', match_type: 'header', method: 'equals', value: 'v' }, /^key: is required/],
        [{ match_type: 'header', method: 'equals', key: 'k' }, /^name: /],
        [
          { name: 'x', match_type: 'header', method: 'equals', key: 'k', integration_id: other.id },
          /^integration_id: /,
        ],
      ];
      for (const [body, message] of matcherCases) {
        const res = await stack.admin.post(url(`/${hook.id}/matchers`), body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.match(res.body.error, message, JSON.stringify(body));
      }
      const valueCases: Array<[unknown, RegExp]> = [
        [{ name: 'x', value_source: 'query', key: 'k', variable: 'V' }, /^value_source: must be one of body, header/],
        [{ name: 'x', value_source: 'header', variable: 'V' }, /^key: is required/],
        [{ name: 'x', value_source: 'body', key: 'k', variable: 'V' }, /^body_data_type: is required/],
        [{ name: 'x', value_source: 'body', body_data_type: 'json', key: 'k' }, /^variable: /],
      ];
      for (const [body, message] of valueCases) {
        const res = await stack.admin.post(url(`/${hook.id}/values`), body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.match(res.body.error, message, JSON.stringify(body));
      }
      assert.equal(await stack.db.integrationMatcher.count({ where: { integration_id: hook.id } }), 0);
      assert.equal(await stack.db.integrationExtractValue.count({ where: { integration_id: hook.id } }), 0);
    });

    test('aliases are server-generated 16-character strings, per integration or for the whole project', async () => {
      const hook = await newIntegration();
      const created = await stack.admin.post(url(`/${hook.id}/aliases`), { alias: 'chosen-by-client' });
      assert.equal(created.status, 200, created.text);
      const alias = /\/api\/integrations\/([^/]+)$/.exec(created.body.url)?.[1] ?? '';
      assert.match(alias, /^[a-z0-9]{16}$/);
      assert.ok(created.body.url.startsWith(stack.base), created.body.url);
      assert.deepEqual((await stack.admin.get(url(`/${hook.id}/aliases`))).body, [created.body]);

      const project = await stack.admin.post(url('/aliases'));
      assert.equal(project.status, 200, project.text);
      assert.notEqual(project.body.url, created.body.url);
      assert.deepEqual((await stack.admin.get(url('/aliases'))).body, [project.body]);

      // An alias is deleted only through the scope it belongs to.
      assert.equal((await stack.admin.delete(url(`/aliases/${created.body.id}`))).status, 404);
      assert.equal((await stack.admin.delete(url(`/${hook.id}/aliases/${project.body.id}`))).status, 404);
      assert.equal((await stack.admin.delete(url(`/${hook.id}/aliases/${created.body.id}`))).status, 204);
      assert.equal((await stack.admin.delete(url(`/aliases/${project.body.id}`))).status, 204);
      assert.deepEqual((await stack.admin.get(url('/aliases'))).body, []);
      assert.deepEqual((await stack.admin.get(url(`/${hook.id}/aliases`))).body, []);
      assert.equal((await stack.admin.get(url('/999999/aliases'))).status, 404);
    });

    test('deleting an integration takes its matchers, values and aliases with it', async () => {
      const hook = await newIntegration();
      assert.equal(
        (
          await stack.admin.post(url(`/${hook.id}/matchers`), {
            name: 'm',
            match_type: 'header',
            method: 'equals',
            key: 'k',
            value: 'v',
          })
        ).status,
        200,
      );
      assert.equal(
        (
          await stack.admin.post(url(`/${hook.id}/values`), {
            name: 'v',
            value_source: 'header',
            key: 'k',
            variable: 'V',
          })
        ).status,
        201,
      );
      assert.equal((await stack.admin.post(url(`/${hook.id}/aliases`))).status, 200);
      assert.equal((await stack.admin.delete(url(`/${hook.id}`))).status, 204);
      assert.equal(await stack.db.integrationMatcher.count({ where: { integration_id: hook.id } }), 0);
      assert.equal(await stack.db.integrationExtractValue.count({ where: { integration_id: hook.id } }), 0);
      assert.equal(await stack.db.integrationAlias.count({ where: { integration_id: hook.id } }), 0);
    });

    test('objects of another project are not found here, and nothing of theirs changes', async () => {
      const theirs = await stack.admin.post(`/api/project/${other.projectId}/integrations`, {
        name: 'theirs',
        template_id: otherTemplateId,
      });
      assert.equal(theirs.status, 201, theirs.text);
      const id = theirs.body.id;
      const matcher = await stack.admin.post(`/api/project/${other.projectId}/integrations/${id}/matchers`, {
        name: 'm',
        match_type: 'header',
        method: 'equals',
        key: 'k',
        value: 'v',
      });
      assert.equal(matcher.status, 200, matcher.text);
      const requests: Array<[string, string, unknown?]> = [
        ['GET', `/${id}`],
        ['PUT', `/${id}`, { name: 'mine', template_id: templateId }],
        ['DELETE', `/${id}`],
        ['GET', `/${id}/refs`],
        ['GET', `/${id}/matchers`],
        ['POST', `/${id}/matchers`, { name: 'm', match_type: 'header', method: 'equals', key: 'k', value: 'v' }],
        ['GET', `/${id}/matchers/${matcher.body.id}`],
        ['DELETE', `/${id}/matchers/${matcher.body.id}`],
        ['GET', `/${id}/values`],
        ['GET', `/${id}/aliases`],
        ['POST', `/${id}/aliases`],
      ];
      for (const [method, path, body] of requests) {
        assert.equal((await stack.admin.request(method, url(path), body)).status, 404, `${method} ${path}`);
      }
      const mine = await newIntegration();
      assert.equal(
        (await stack.admin.get(url(`/${mine.id}/matchers/${matcher.body.id}`))).status,
        404,
        'a matcher of another integration',
      );
      assert.equal((await stack.admin.get(`/api/project/${other.projectId}/integrations/${id}`)).body.name, 'theirs');
      assert.equal(await stack.db.integrationMatcher.count({ where: { integration_id: id } }), 1);
      assert.equal(await stack.db.integrationAlias.count({ where: { integration_id: id } }), 0);
    });

    test('a template or key used by an integration is in use and cannot be deleted', async () => {
      const tpl = await createTemplate(stack.admin, f, 'hooked.sh');
      const key = await createKey(stack.admin, f.projectId, 'hook key');
      const hook = await newIntegration({ template_id: tpl, auth_method: 'github', auth_secret_id: key });
      const delTemplate = await stack.admin.delete(`/api/project/${f.projectId}/templates/${tpl}`);
      assert.equal(delTemplate.status, 400);
      assert.equal(delTemplate.body.inUse, true);
      const delKey = await stack.admin.delete(`/api/project/${f.projectId}/keys/${key}`);
      assert.equal(delKey.status, 400);
      assert.equal(delKey.body.inUse, true);
      assert.deepEqual((await stack.admin.get(`/api/project/${f.projectId}/keys/${key}/refs`)).body.integrations, [
        { id: hook.id, name: hook.name },
      ]);
      assert.equal((await stack.admin.delete(url(`/${hook.id}`))).status, 204);
      assert.equal((await stack.admin.delete(`/api/project/${f.projectId}/templates/${tpl}`)).status, 204);
      assert.equal((await stack.admin.delete(`/api/project/${f.projectId}/keys/${key}`)).status, 204);
    });

    test('a task runner may read integrations but not change them', async () => {
      const hook = await newIntegration();
      const runner = await memberClient(stack, f.projectId, 'task_runner');
      assert.equal((await runner.get(url())).status, 200);
      assert.equal((await runner.post(url(), { name: 'nope', template_id: templateId })).status, 403);
      assert.equal(
        (
          await runner.post(url(`/${hook.id}/matchers`), {
            name: 'm',
            match_type: 'header',
            method: 'equals',
            key: 'k',
            value: 'v',
          })
        ).status,
        403,
      );
      assert.equal((await runner.post(url('/aliases'))).status, 403);
      assert.equal((await runner.delete(url(`/${hook.id}`))).status, 403);
      assert.equal((await stack.admin.get(url(`/${hook.id}`))).status, 200);
    });
  });
}
