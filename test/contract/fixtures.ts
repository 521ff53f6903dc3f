// The objects the contract suite's operations name in their paths and bodies, created through the
// API in dependency order (user → project → access key → repository → inventory / environment →
// view → template → task / schedule, integration → matcher / extract value). Like upstream's
// dredd fixtures, each sets every field the spec documents, so a null in an answer is the
// server's, not an unset field's. A fixture whose route fails is recorded, not fatal: the
// operations that need it fail with the reason, the rest still run.
import type { ApiClient, ApiResponse } from '../support/api-client.ts';

/** Path parameters of the spec that name a fixture, as the spec names them. */
export type FixtureParam =
  | 'user_id'
  | 'project_id'
  | 'key_id'
  | 'repository_id'
  | 'inventory_id'
  | 'environment_id'
  | 'view_id'
  | 'template_id'
  | 'task_id'
  | 'schedule_id'
  | 'integration_id'
  | 'extractvalue_id'
  | 'matcher_id';

export class ContractFixtures {
  readonly ids: Partial<Record<FixtureParam, number>> = {};
  readonly problems: Partial<Record<FixtureParam, string>> = {};
  private counter = 0;

  constructor(
    readonly api: ApiClient,
    readonly gitUrl: string,
  ) {}

  /** The fixture's id; throws with the reason its creation failed. */
  need(param: FixtureParam): number {
    const id = this.ids[param];
    if (id !== undefined) return id;
    throw new Error(`fixture ${param} is missing: ${this.problems[param] ?? 'not created'}`);
  }

  /** The fixture's id, or undefined for references a body may leave out. */
  optional(param: FixtureParam): number | undefined {
    return this.ids[param];
  }

  async setUp(): Promise<void> {
    const steps: Array<[FixtureParam, () => Promise<number>]> = [
      ['user_id', () => this.user()],
      ['project_id', () => this.project()],
      ['key_id', () => this.key()],
      ['repository_id', () => this.repository()],
      ['inventory_id', () => this.inventory()],
      ['environment_id', () => this.environment()],
      ['view_id', () => this.view()],
      ['template_id', () => this.template('hello.sh')],
      ['task_id', () => this.finishedTask()],
      ['schedule_id', () => this.schedule()],
      ['integration_id', () => this.integration()],
      ['extractvalue_id', () => this.extractValue()],
      ['matcher_id', () => this.matcher()],
    ];
    for (const [param, create] of steps) {
      try {
        this.ids[param] = await create();
      } catch (err) {
        this.problems[param] = (err as Error).message;
      }
    }
    // PUT/DELETE /project/{project_id}/users/{user_id} act on the fixture user as a member.
    if (this.ids.user_id && this.ids.project_id) {
      try {
        await this.linkUser(this.ids.user_id, 'task_runner');
      } catch (err) {
        this.problems.user_id = `created, but not linked to the project: ${(err as Error).message}`;
        delete this.ids.user_id;
      }
    }
  }

  private unique(what: string): string {
    return `contract ${what} ${++this.counter}`;
  }

  private projectPath(rest: string): string {
    return `/api/project/${this.need('project_id')}${rest}`;
  }

  async user(): Promise<number> {
    const username = `contract-user-${++this.counter}`;
    const res = await this.api.post('/api/users', {
      name: `Contract User ${this.counter}`,
      username,
      email: `${username}@signalman.test`,
      password: 'contract-password',
      alert: false,
      admin: false,
    });
    return idOf(expect(res, 201, 'POST /api/users'));
  }

  async linkUser(userId: number, role = 'task_runner'): Promise<void> {
    expect(
      await this.api.post(this.projectPath('/users'), { user_id: userId, role }),
      204,
      'POST /api/project/{project_id}/users',
    );
  }

  async project(): Promise<number> {
    return idOf(
      expect(await this.api.post('/api/projects', { name: this.unique('project') }), 201, 'POST /api/projects'),
    );
  }

  async key(): Promise<number> {
    const name = this.unique('key');
    const res = await this.api.post(this.projectPath('/keys'), {
      name,
      type: 'none',
      project_id: this.need('project_id'),
    });
    return this.createdId(expect(res, 204, 'POST keys'), '/keys', name, 'name');
  }

  async repository(): Promise<number> {
    const name = this.unique('repository');
    const res = await this.api.post(this.projectPath('/repositories'), {
      name,
      project_id: this.need('project_id'),
      git_url: this.gitUrl,
      git_branch: 'main',
      ssh_key_id: this.need('key_id'),
    });
    return this.createdId(expect(res, 204, 'POST repositories'), '/repositories', name, 'name');
  }

  async inventory(): Promise<number> {
    const res = await this.api.post(this.projectPath('/inventory'), {
      name: this.unique('inventory'),
      project_id: this.need('project_id'),
      inventory: 'localhost',
      type: 'static',
      ssh_key_id: this.need('key_id'),
      become_key_id: this.need('key_id'),
    });
    return idOf(expect(res, 201, 'POST inventory'));
  }

  async environment(): Promise<number> {
    const name = this.unique('environment');
    const res = await this.api.post(this.projectPath('/environment'), {
      name,
      project_id: this.need('project_id'),
      password: 'vault-password',
      json: '{}',
      env: '{}',
    });
    return this.createdId(expect(res, 204, 'POST environment'), '/environment', name, 'name');
  }

  async view(): Promise<number> {
    const res = await this.api.post(this.projectPath('/views'), {
      title: this.unique('view'),
      project_id: this.need('project_id'),
      position: 1,
    });
    return idOf(expect(res, 201, 'POST views'));
  }

  /** A bash template running `script` from the test repository. */
  async template(script: string): Promise<number> {
    const res = await this.api.post(this.projectPath('/templates'), {
      name: this.unique('template'),
      project_id: this.need('project_id'),
      app: 'bash',
      playbook: script,
      repository_id: this.need('repository_id'),
      inventory_id: this.need('inventory_id'),
      environment_id: this.need('environment_id'),
      view_id: this.optional('view_id'),
      arguments: '[]',
      description: `runs ${script}`,
      git_branch: 'main',
      survey_vars: [],
    });
    return idOf(expect(res, 201, 'POST templates'));
  }

  async task(templateId = this.need('template_id')): Promise<number> {
    return idOf(
      expect(await this.api.post(this.projectPath('/tasks'), { template_id: templateId }), 201, 'POST tasks'),
    );
  }

  async finishedTask(): Promise<number> {
    const id = await this.task();
    await this.api.waitForTask(this.need('project_id'), id);
    return id;
  }

  async runningTask(): Promise<number> {
    const id = await this.task(await this.template('sleep.sh'));
    await this.api.waitForTask(this.need('project_id'), id, ['running']);
    return id;
  }

  async schedule(): Promise<number> {
    // Inactive, so it never starts a task during the run.
    const res = await this.api.post(this.projectPath('/schedules'), {
      name: this.unique('schedule'),
      project_id: this.need('project_id'),
      template_id: this.need('template_id'),
      cron_format: '* * * 1 *',
      active: false,
    });
    return idOf(expect(res, 201, 'POST schedules'));
  }

  async integration(): Promise<number> {
    const res = await this.api.post(this.projectPath('/integrations'), {
      name: this.unique('integration'),
      project_id: this.need('project_id'),
      template_id: this.need('template_id'),
    });
    return idOf(expect(res, 201, 'POST integrations'));
  }

  async extractValue(): Promise<number> {
    const name = this.unique('value');
    const path = `/integrations/${this.need('integration_id')}/values`;
    const res = await this.api.post(this.projectPath(path), {
      name,
      integration_id: this.need('integration_id'),
      value_source: 'body',
      body_data_type: 'json',
      key: 'ref',
      variable: 'REF',
    });
    return this.createdId(expect(res, 201, 'POST integration values'), path, name, 'name');
  }

  async matcher(): Promise<number> {
    const name = this.unique('matcher');
    const path = `/integrations/${this.need('integration_id')}/matchers`;
    const res = await this.api.post(this.projectPath(path), {
      name,
      integration_id: this.need('integration_id'),
      match_type: 'body',
      method: 'equals',
      body_data_type: 'json',
      key: 'ref',
      value: 'main',
    });
    return this.createdId(expect(res, 200, 'POST integration matchers'), path, name, 'name');
  }

  async apiToken(): Promise<string> {
    const res = expect(await this.api.post('/api/user/tokens'), 201, 'POST /api/user/tokens');
    if (typeof res.body?.id !== 'string') throw new Error(`POST /api/user/tokens answered no token id: ${res.text}`);
    return res.body.id;
  }

  /** The id from the answer's body, else from the list, found by a unique field. */
  private async createdId(res: ApiResponse, listPath: string, value: string, field: string): Promise<number> {
    if (typeof res.body?.id === 'number') return res.body.id;
    const list = await this.api.get(this.projectPath(listPath));
    const found = Array.isArray(list.body)
      ? list.body.find((o: Record<string, unknown>) => o[field] === value)
      : undefined;
    if (typeof found?.id !== 'number')
      throw new Error(`created ${value}, but GET ${listPath} (${list.status}) does not list it`);
    return found.id;
  }
}

function expect(res: ApiResponse, status: number, what: string): ApiResponse {
  if (res.status !== status)
    throw new Error(`${what} answered ${res.status} (expected ${status}): ${res.text.slice(0, 300)}`);
  return res;
}

function idOf(res: ApiResponse): number {
  if (typeof res.body?.id !== 'number') throw new Error(`answer without a numeric id: ${res.text.slice(0, 300)}`);
  return res.body.id;
}
