// A project full of objects, and fresh ones on demand, made through the API by an administrator:
// for tests that need a valid target for every route (authorization matrix, bad input).
import assert from 'node:assert/strict';
import type { ApiClient } from './api-client.ts';
import { createProjectWithRepo } from './fixtures.ts';
import { IDLE_LINE } from './tasks-at-rest.ts';

/** Scripts and a Terraform folder that the project's templates run. */
export const OBJECTS_REPO_FILES = {
  'ok.sh': 'echo ok\n',
  // It says it is idle, so that stillSnapshot() may count it at rest while it waits to be stopped.
  'long.sh': `echo "${IDLE_LINE}"\nsleep 600\n`,
  'infra/main.tf': 'resource "null_resource" "x" {}\n',
};

let counter = 0;
const unique = (what: string) => `${what} ${process.pid}-${++counter}`;

export class ProjectObjects {
  private constructor(
    readonly api: ApiClient,
    readonly projectId: number,
    /** The `None` key the project was created with. */
    readonly keyId: number,
    readonly repositoryId: number,
    readonly inventoryId: number,
    readonly environmentId: number,
  ) {}

  /** A bash template running ok.sh. */
  templateId = 0;

  static async create(api: ApiClient, gitUrl: string): Promise<ProjectObjects> {
    const f = await createProjectWithRepo(api, gitUrl);
    const objects = new ProjectObjects(api, f.projectId, f.keyId, f.repositoryId, f.inventoryId, f.environmentId);
    objects.templateId = await objects.template();
    return objects;
  }

  private path(rest: string): string {
    return `/api/project/${this.projectId}${rest}`;
  }

  private async created(rest: string, body: unknown, status = 201): Promise<number> {
    const res = await this.api.post(this.path(rest), body);
    assert.equal(res.status, status, `POST ${rest}: ${res.text}`);
    return res.body.id as number;
  }

  /** Keys, repositories and environments are created with 204 and no body: find the new one by name. */
  private async createdByName(rest: string, body: { name: string; [field: string]: unknown }): Promise<number> {
    const res = await this.api.post(this.path(rest), body);
    assert.equal(res.status, 204, `POST ${rest}: ${res.text}`);
    const list = await this.api.get(this.path(rest));
    return (list.body as Array<{ id: number; name: string }>).find((o) => o.name === body.name)!.id;
  }

  key(): Promise<number> {
    return this.createdByName('/keys', { name: unique('key'), type: 'none' });
  }

  repository(): Promise<number> {
    return this.createdByName('/repositories', {
      name: unique('repo'),
      git_url: 'https://example.test/repo.git',
      git_branch: 'main',
      ssh_key_id: this.keyId,
    });
  }

  inventory(extra: Record<string, unknown> = {}): Promise<number> {
    return this.created('/inventory', { name: unique('inventory'), inventory: 'localhost', type: 'static', ...extra });
  }

  environment(): Promise<number> {
    return this.createdByName('/environment', { name: unique('environment'), json: '{}' });
  }

  /** A secret of environment `environmentId`, returning the secret's id. */
  async environmentSecret(environmentId = this.environmentId): Promise<number> {
    const env = (await this.api.get(this.path(`/environment/${environmentId}`))).body;
    const name = `s${++counter}`;
    const res = await this.api.put(this.path(`/environment/${environmentId}`), {
      ...env,
      secrets: [{ type: 'var', name, secret: 'x', operation: 'create' }],
    });
    assert.equal(res.status, 204, res.text);
    const after = (await this.api.get(this.path(`/environment/${environmentId}`))).body;
    return (after.secrets as Array<{ id: number; name: string }>).find((s) => s.name === name)!.id;
  }

  template(extra: Record<string, unknown> = {}): Promise<number> {
    return this.created('/templates', {
      name: unique('template'),
      app: 'bash',
      playbook: 'ok.sh',
      repository_id: this.repositoryId,
      inventory_id: this.inventoryId,
      environment_id: this.environmentId,
      ...extra,
    });
  }

  /**
   * A Terraform template whose plan (by the stand-in) has changes: its tasks wait for confirmation,
   * several at once (a template's tasks otherwise wait for each other).
   */
  async terraformTemplate(): Promise<number> {
    const workspace = await this.inventory({ type: 'terraform-workspace', inventory: 'default' });
    return this.template({ app: 'terraform', playbook: 'infra', inventory_id: workspace, allow_parallel_tasks: true });
  }

  view(): Promise<number> {
    return this.created('/views', { title: unique('view') });
  }

  schedule(): Promise<number> {
    return this.created('/schedules', {
      template_id: this.templateId,
      name: unique('schedule'),
      cron_format: '0 3 * * *',
      active: false,
    });
  }

  integration(): Promise<number> {
    return this.created('/integrations', {
      name: unique('integration'),
      template_id: this.templateId,
      auth_method: 'none',
    });
  }

  matcher(integrationId: number): Promise<number> {
    return this.created(
      `/integrations/${integrationId}/matchers`,
      { name: unique('matcher'), match_type: 'header', method: 'equals', key: 'X-Event', value: 'push' },
      200,
    );
  }

  value(integrationId: number): Promise<number> {
    return this.created(`/integrations/${integrationId}/values`, {
      name: unique('value'),
      value_source: 'header',
      key: 'X-Event',
      variable: 'event',
    });
  }

  /** An alias of integration `integrationId`, or of the whole project when null. */
  alias(integrationId: number | null): Promise<number> {
    return this.created(
      integrationId === null ? '/integrations/aliases' : `/integrations/${integrationId}/aliases`,
      undefined,
      200,
    );
  }

  async task(templateId = this.templateId): Promise<number> {
    return this.created('/tasks', { template_id: templateId });
  }

  /** Waits for task `id` to reach `status`, failing at once if it finishes otherwise. */
  private async reach(id: number, status: string): Promise<number> {
    const task = await this.api.waitForTask(this.projectId, id, [status, 'success', 'error', 'stopped']);
    assert.equal(task.status, status, `task ${id}: ${(await this.api.output(this.projectId, id)).join('\n')}`);
    return id;
  }

  async finishedTask(): Promise<number> {
    return this.reach(await this.task(), 'success');
  }

  /** A task running `sleep 600`: stop it, or stopAllTasks() at the end of the test. */
  async runningTask(): Promise<number> {
    return this.reach(await this.task(await this.template({ playbook: 'long.sh' })), 'running');
  }

  /** A Terraform task whose plan waits for confirmation; the test must have installed the stand-ins. */
  async planWaitingTask(templateId?: number): Promise<number> {
    return this.reach(await this.task(templateId ?? (await this.terraformTemplate())), 'waiting_confirmation');
  }
}

/** Stops every task that has not finished, on all projects, so that a test ends with nothing running. */
export async function stopAllTasks(admin: ApiClient): Promise<void> {
  const active = await admin.get('/api/tasks');
  for (const t of active.body as Array<{ task_id: number }>) await admin.delete(`/api/tasks/${t.task_id}`);
}
