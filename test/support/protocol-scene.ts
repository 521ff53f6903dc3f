// What the runner protocol's tests share: a project whose environment holds a secret, a runner
// registered and tagged by an admin, and waiting for a task among a runner's new jobs.
import assert from 'node:assert/strict';
import type { InProcessStack } from './in-process.ts';
import { makeRepo } from './git-repo.ts';
import { createProjectWithRepo, type ProjectFixture } from './fixtures.ts';
import { eventually } from './eventually.ts';
import type { ProtocolClient } from './protocol-client.ts';

export const REGISTRATION = 'registration-secret-14';
export const SECRET = 'env-SECRET-value-9';

/** Registers `client` and gives the new runner `tag` (an admin's edit), returning its id. */
export async function registerTagged(
  stack: InProcessStack,
  client: ProtocolClient,
  tag: string,
  extra: Record<string, unknown> = {},
) {
  const res = await client.register({ registration_token: REGISTRATION, max_parallel_tasks: 1, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return tagNewestRunner(stack, tag, extra);
}

export async function tagNewestRunner(stack: InProcessStack, tag: string, extra: Record<string, unknown> = {}) {
  const runners = (await stack.admin.get('/api/runners')).body as Array<Record<string, any>>;
  const runner = runners[runners.length - 1];
  const put = await stack.admin.put(`/api/runners/${runner.id}`, { ...runner, tag, ...extra, touched: undefined });
  assert.equal(put.status, 204, put.text);
  return runner.id as number;
}

/** Polls until the task is among the new jobs, returning the answer. */
export async function pollForJob(client: ProtocolClient, taskId: number) {
  return eventually(
    async () => {
      const answer = await client.poll();
      return answer.state?.new_jobs?.some((j) => j.task.id === taskId) ? answer : null;
    },
    { what: `task ${taskId} among the runner's new jobs`, interval: 200 },
  );
}

export async function projectWithSecret(stack: InProcessStack): Promise<ProjectFixture> {
  const repo = makeRepo({ 'hello.sh': 'echo hello\n' });
  const f = await createProjectWithRepo(stack.admin, repo.url);
  const env = (await stack.admin.get(`/api/project/${f.projectId}/environment/${f.environmentId}`)).body;
  await stack.admin.put(`/api/project/${f.projectId}/environment/${f.environmentId}`, {
    ...env,
    secrets: [{ type: 'env', name: 'API_TOKEN', secret: SECRET, operation: 'create' }],
  });
  return f;
}
