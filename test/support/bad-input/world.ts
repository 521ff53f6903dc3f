// Two projects with one of everything, so that bad requests can point at real objects of the
// project in the path, at objects of the other project, and at nothing at all.
import assert from 'node:assert/strict';
import type { ApiClient } from '../api-client.ts';
import type { InProcessStack } from '../in-process.ts';
import { eventually } from '../eventually.ts';
import { ProjectObjects } from '../project-objects.ts';
import { memberOf, tokenUser } from '../authz-scene.ts';
import { createApiToken } from '../../../src/services/auth.ts';

export interface Side {
  o: ProjectObjects;
  projectId: number;
  keyId: number;
  repositoryId: number;
  inventoryId: number;
  environmentId: number;
  templateId: number;
  viewId: number;
  scheduleId: number;
  integrationId: number;
  matcherId: number;
  valueId: number;
  /** A finished task. */
  taskId: number;
  /** A secret of the environment. */
  secretId: number;
  /** A guest of this project only. */
  memberId: number;
  projectAliasId: number;
  integrationAliasId: number;
}

export interface World {
  stack: InProcessStack;
  /** The administrator, by API token (a cookie session would move `last_active`). */
  admin: ApiClient;
  adminId: number;
  gitUrl: string;
  a: Side;
  /** Another project: its ids are foreign to `a`. */
  b: Side;
  /** Another user, with a token of their own. */
  other: { id: number; tokenId: string };
  /** A runner, and a task of project a that waits for it (by its tag). */
  runner: { id: number; token: string; taskId: number };
}

async function side(stack: InProcessStack, admin: ApiClient, gitUrl: string): Promise<Side> {
  const o = await ProjectObjects.create(admin, gitUrl);
  const integrationId = await o.integration();
  return {
    o,
    projectId: o.projectId,
    keyId: o.keyId,
    repositoryId: o.repositoryId,
    inventoryId: o.inventoryId,
    environmentId: o.environmentId,
    templateId: o.templateId,
    viewId: await o.view(),
    scheduleId: await o.schedule(),
    integrationId,
    matcherId: await o.matcher(integrationId),
    valueId: await o.value(integrationId),
    taskId: await o.finishedTask(),
    secretId: await o.environmentSecret(),
    memberId: (await memberOf(stack, o.projectId, 'guest')).id,
    projectAliasId: await o.alias(null),
    integrationAliasId: await o.alias(integrationId),
  };
}

export async function createWorld(stack: InProcessStack, gitUrl: string): Promise<World> {
  const adminId = (await stack.admin.get('/api/user')).body.id as number;
  const admin = stack.anonymous.withToken((await createApiToken(stack.db, adminId)).id);
  const [a, b] = [await side(stack, admin, gitUrl), await side(stack, admin, gitUrl)];
  const otherUser = await tokenUser(stack, 'other');
  const runner = await admin.post('/api/runners', { name: 'bad-input runner', tag: 'bad-input' });
  assert.equal(runner.status, 201, runner.text);
  const runnerTaskId = await a.o.task(await a.o.template({ runner_tag: 'bad-input' }));
  await waitForOutput(admin, a.projectId, runnerTaskId, /a runner with tag/); // its last write until a runner comes
  return {
    stack,
    admin,
    adminId,
    gitUrl,
    a,
    b,
    other: { id: otherUser.id, tokenId: (await createApiToken(stack.db, otherUser.id)).id },
    runner: { id: runner.body.id, token: runner.body.token, taskId: runnerTaskId },
  };
}

async function waitForOutput(api: ApiClient, projectId: number, taskId: number, line: RegExp): Promise<void> {
  await eventually(async () => (await api.output(projectId, taskId)).some((l) => line.test(l)), {
    what: `task ${taskId} to write ${line}`,
    timeout: 60_000,
    interval: 100,
  });
}
