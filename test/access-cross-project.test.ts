// The route audit of issue 9: an owner of project A (not an administrator, not a member of B)
// names B's objects by id — in A's paths and in bodies sent to A — to read, change, delete or use
// them. Every attempt is refused (404 for a path, 400 naming the field for a body) and nothing in
// the database changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import type { ApiClient } from './support/api-client.ts';
import { makeRepo } from './support/git-repo.ts';
import { OBJECTS_REPO_FILES, ProjectObjects } from './support/project-objects.ts';
import { memberClient } from './support/members.ts';
import { memberOf } from './support/authz-scene.ts';
import { changes, stillSnapshot } from './support/db-snapshot.ts';

interface Attack {
  what: string;
  method: string;
  path: string;
  body?: unknown;
  status: 404 | 400;
}

describe('an owner of one project against the objects of another', () => {
  let stack: InProcessStack;
  let a: ProjectObjects;
  let b: ProjectObjects;
  let attacker: ApiClient;
  const B = {} as Record<string, number>;

  before(async () => {
    stack = await startInProcess('sqlite');
    const url = makeRepo(OBJECTS_REPO_FILES).url;
    a = await ProjectObjects.create(stack.admin, url);
    b = await ProjectObjects.create(stack.admin, url);
    attacker = await memberClient(stack, a.projectId, 'owner');
    // A's template lets tasks choose the inventory, so that B's inventory reaches the project check.
    await stack.db.template.update({
      where: { id: a.templateId },
      data: { task_params: JSON.stringify({ allow_override_inventory: true }) },
    });
    B.key = b.keyId;
    B.repository = b.repositoryId;
    B.inventory = b.inventoryId;
    B.environment = b.environmentId;
    B.secret = await b.environmentSecret();
    B.template = b.templateId;
    B.view = await b.view();
    B.schedule = await b.schedule();
    B.integration = await b.integration();
    B.matcher = await b.matcher(B.integration);
    B.value = await b.value(B.integration);
    B.alias = await b.alias(B.integration);
    B.task = await b.finishedTask();
    B.member = (await memberOf(stack, b.projectId, 'guest')).id;
  });
  after(async () => stack?.close());

  function attacks(): Attack[] {
    const A = (rest: string) => `/api/project/${a.projectId}${rest}`;
    const list: Attack[] = [];
    const objects: Array<[string, string, unknown]> = [
      ['keys', 'key', { name: 'stolen', type: 'none' }],
      [
        'repositories',
        'repository',
        { name: 'stolen', git_url: 'https://example.test/x.git', git_branch: 'main', ssh_key_id: a.keyId },
      ],
      ['inventory', 'inventory', { name: 'stolen', inventory: 'localhost', type: 'static' }],
      ['environment', 'environment', { name: 'stolen', json: '{}' }],
      [
        'templates',
        'template',
        { name: 'stolen', app: 'bash', playbook: 'ok.sh', repository_id: a.repositoryId, inventory_id: a.inventoryId },
      ],
      ['views', 'view', { title: 'stolen' }],
      ['schedules', 'schedule', { template_id: a.templateId, name: 'stolen', cron_format: '0 3 * * *', active: false }],
      ['integrations', 'integration', { name: 'stolen', template_id: a.templateId, auth_method: 'none' }],
    ];
    for (const [path, kind, body] of objects) {
      const one = A(`/${path}/${B[kind]}`);
      list.push({ what: `read ${kind}`, method: 'GET', path: one, status: 404 });
      list.push({ what: `refs of ${kind}`, method: 'GET', path: `${one}/refs`, status: 404 });
      list.push({ what: `update ${kind}`, method: 'PUT', path: one, body, status: 404 });
      list.push({ what: `delete ${kind}`, method: 'DELETE', path: one, status: 404 });
    }
    const task = A(`/tasks/${B.task}`);
    list.push(
      { what: 'read task', method: 'GET', path: task, status: 404 },
      { what: 'task output', method: 'GET', path: `${task}/output`, status: 404 },
      { what: 'stop task', method: 'POST', path: `${task}/stop`, body: { force: true }, status: 404 },
      { what: 'confirm task', method: 'POST', path: `${task}/confirm`, status: 404 },
      { what: 'reject task', method: 'POST', path: `${task}/reject`, status: 404 },
      { what: 'template history', method: 'GET', path: A(`/templates/${B.template}/tasks`), status: 404 },
      { what: 'template schedules', method: 'GET', path: A(`/templates/${B.template}/schedules`), status: 404 },
      { what: 'view templates', method: 'GET', path: A(`/views/${B.view}/templates`), status: 404 },
      {
        what: 'schedule on/off',
        method: 'PUT',
        path: A(`/schedules/${B.schedule}/active`),
        body: { active: true },
        status: 404,
      },
      {
        what: "matchers of B's integration",
        method: 'GET',
        path: A(`/integrations/${B.integration}/matchers`),
        status: 404,
      },
      {
        what: "B's matcher",
        method: 'PUT',
        path: A(`/integrations/${B.integration}/matchers/${B.matcher}`),
        status: 404,
        body: { name: 'm', match_type: 'header', method: 'equals', key: 'X', value: 'y' },
      },
      {
        what: "B's extracted value",
        method: 'DELETE',
        path: A(`/integrations/${B.integration}/values/${B.value}`),
        status: 404,
      },
      {
        what: "aliases of B's integration",
        method: 'GET',
        path: A(`/integrations/${B.integration}/aliases`),
        status: 404,
      },
      {
        what: "a new alias on B's integration",
        method: 'POST',
        path: A(`/integrations/${B.integration}/aliases`),
        status: 404,
      },
      {
        what: "B's alias as a project alias of A",
        method: 'DELETE',
        path: A(`/integrations/aliases/${B.alias}`),
        status: 404,
      },
      { what: "B's team member", method: 'PUT', path: A(`/users/${B.member}`), body: { role: 'owner' }, status: 404 },
      { what: "B's team member removed", method: 'DELETE', path: A(`/users/${B.member}`), status: 404 },
    );
    const template = {
      name: 'borrowing',
      app: 'bash',
      playbook: 'ok.sh',
      repository_id: a.repositoryId,
      inventory_id: a.inventoryId,
    };
    const bodies: Array<[string, string, unknown]> = [
      [
        'ssh_key_id',
        '/repositories',
        { name: 'r', git_url: 'https://example.test/x.git', git_branch: 'main', ssh_key_id: B.key },
      ],
      ['ssh_key_id', '/inventory', { name: 'i', inventory: 'localhost', type: 'static', ssh_key_id: B.key }],
      ['become_key_id', '/inventory', { name: 'i', inventory: 'localhost', type: 'static', become_key_id: B.key }],
      ['repository_id', '/inventory', { name: 'i', inventory: 'hosts', type: 'file', repository_id: B.repository }],
      ['repository_id', '/templates', { ...template, repository_id: B.repository }],
      ['inventory_id', '/templates', { ...template, inventory_id: B.inventory }],
      ['environment_id', '/templates', { ...template, environment_id: B.environment }],
      ['view_id', '/templates', { ...template, view_id: B.view }],
      ['build_template_id', '/templates', { ...template, type: 'deploy', build_template_id: B.template }],
      ['vaults.0.vault_key_id', '/templates', { ...template, vaults: [{ type: 'password', vault_key_id: B.key }] }],
      ['template_id', '/schedules', { template_id: B.template, name: 's', cron_format: '0 3 * * *' }],
      [
        'repository_id',
        '/schedules',
        { template_id: a.templateId, name: 's', cron_format: '0 3 * * *', repository_id: B.repository },
      ],
      ['template_id', '/integrations', { name: 'g', template_id: B.template, auth_method: 'none' }],
      [
        'auth_secret_id',
        '/integrations',
        { name: 'g', template_id: a.templateId, auth_method: 'token', auth_header: 'X-T', auth_secret_id: B.key },
      ],
      ['template_id', '/tasks', { template_id: B.template }],
      ['inventory_id', '/tasks', { template_id: a.templateId, inventory_id: B.inventory }],
      ['build_task_id', '/tasks', { template_id: a.templateId, build_task_id: B.task }],
      [String(B.view), '/views/positions', { [B.view]: 0 }],
    ];
    for (const [field, path, body] of bodies) {
      list.push({ what: `${field} of B in POST ${path}`, method: 'POST', path: A(path), body, status: 400 });
    }
    list.push({
      what: "B's environment secret through A's environment",
      method: 'PUT',
      path: A(`/environment/${a.environmentId}`),
      status: 400,
      body: {
        name: 'vars',
        json: '{}',
        secrets: [{ id: B.secret, type: 'var', name: 'taken', secret: 'x', operation: 'update' }],
      },
    });
    list.push({
      what: 'project_id of B in a body sent to A',
      method: 'POST',
      path: A('/keys'),
      body: { name: 'k', type: 'none', project_id: b.projectId },
      status: 400,
    });
    return list;
  }

  test("every attempt is refused (404 for B's ids in A's paths, 400 naming the field for B's ids in bodies), and nothing changes", async () => {
    const before = await stillSnapshot(stack);
    const problems: string[] = [];
    for (const attack of attacks()) {
      const res = await attacker.request(attack.method, attack.path, attack.body);
      if (res.status !== attack.status)
        problems.push(`${attack.what}: ${attack.method} ${attack.path} → ${res.status} ${res.text.slice(0, 200)}`);
      else if (typeof res.body?.error !== 'string') problems.push(`${attack.what}: no {"error"} in ${res.text}`);
      else if (
        attack.status === 400 &&
        !/not found in (project|environment)/.test(res.body.error) &&
        !/must be the same/.test(res.body.error)
      ) {
        problems.push(`${attack.what}: refused for another reason: ${res.body.error}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(changes(before, await stillSnapshot(stack)), []);
  });

  test("B itself is out of sight for A's owner: its objects answer 404 as if B did not exist", async () => {
    for (const rest of ['', '/keys', `/keys/${B.key}`, '/backup', `/tasks/${B.task}/output`, '/integrations/aliases']) {
      assert.equal((await attacker.get(`/api/project/${b.projectId}${rest}`)).status, 404, rest);
    }
  });
});
