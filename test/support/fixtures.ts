// Objects a task needs, created through the API as a user would.
import assert from 'node:assert/strict';
import type { ApiClient } from './api-client.ts';

export interface ProjectFixture {
  projectId: number;
  keyId: number;
  repositoryId: number;
  inventoryId: number;
  environmentId: number;
}

export async function createProjectWithRepo(
  api: ApiClient,
  gitUrl: string,
  opts: { branch?: string; extraVars?: Record<string, unknown>; envVars?: Record<string, string> } = {},
): Promise<ProjectFixture> {
  const project = await api.post('/api/projects', { name: `project ${Date.now()}` });
  assert.equal(project.status, 201, project.text);
  const projectId = project.body.id as number;
  const keys = await api.get(`/api/project/${projectId}/keys`);
  const keyId = keys.body.find((k: { name: string }) => k.name === 'None').id as number;
  assert.equal(
    (
      await api.post(`/api/project/${projectId}/repositories`, {
        name: 'repo',
        git_url: gitUrl,
        git_branch: opts.branch ?? 'main',
        ssh_key_id: keyId,
      })
    ).status,
    204,
  );
  const repositoryId = (await api.get(`/api/project/${projectId}/repositories`)).body[0].id as number;
  const inventory = await api.post(`/api/project/${projectId}/inventory`, {
    name: 'local',
    inventory: 'localhost',
    type: 'static',
  });
  assert.equal(inventory.status, 201, inventory.text);
  assert.equal(
    (
      await api.post(`/api/project/${projectId}/environment`, {
        name: 'vars',
        json: JSON.stringify(opts.extraVars ?? {}),
        env: JSON.stringify(opts.envVars ?? {}),
      })
    ).status,
    204,
  );
  const envs = await api.get(`/api/project/${projectId}/environment`);
  const environmentId = envs.body.find((e: { name: string }) => e.name === 'vars').id as number;
  return { projectId, keyId, repositoryId, inventoryId: inventory.body.id, environmentId };
}

export async function createTemplate(
  api: ApiClient,
  f: ProjectFixture,
  script: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const res = await api.post(`/api/project/${f.projectId}/templates`, {
    name: `run ${script} ${Math.random().toString(36).slice(2, 8)}`,
    app: 'bash',
    playbook: script,
    repository_id: f.repositoryId,
    inventory_id: f.inventoryId,
    environment_id: f.environmentId,
    ...extra,
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id as number;
}

export async function runTask(
  api: ApiClient,
  projectId: number,
  templateId: number,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const res = await api.post(`/api/project/${projectId}/tasks`, { template_id: templateId, ...extra });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.status, 'waiting');
  return res.body.id as number;
}
