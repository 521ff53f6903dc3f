// Integrations (incoming webhooks): which template a matching request runs, and how the request
// proves where it comes from (semaphore-behaviour.md §1.17, §4.7, §6.1).
import type { Db } from '../store/db.ts';
import {
  deleteIntegration as deleteIntegrationRows,
  findIntegration,
  findIntegrations,
  insertIntegration,
  partNames,
  updateIntegration as updateIntegrationRow,
} from '../store/integrations.ts';
import type { IntegrationBody } from '../contracts/integrations.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';
import { requireKeyIn, requireTemplateIn } from './references.ts';

/** Auth methods that compare the request with a secret, and those that read it from a named header. */
const NEEDS_SECRET = new Set(['github', 'token', 'hmac']);
const NEEDS_HEADER = new Set(['token', 'hmac']);

export async function listIntegrations(db: Db, projectId: number) {
  return findIntegrations(db, projectId);
}

export async function getIntegration(db: Db, projectId: number, integrationId: number) {
  const integration = await findIntegration(db, projectId, integrationId);
  if (!integration) throw new NotFoundError(`integration ${integrationId} not found in project ${projectId}`);
  return integration;
}

async function checkIntegration(db: Db, projectId: number, body: IntegrationBody) {
  await requireTemplateIn(db, projectId, body.template_id, 'template_id');
  await requireKeyIn(db, projectId, body.auth_secret_id, 'auth_secret_id');
  if (NEEDS_SECRET.has(body.auth_method) && body.auth_secret_id == null) {
    throw new BadRequestError(`auth_secret_id: is required when auth_method is "${body.auth_method}"`);
  }
  if (NEEDS_HEADER.has(body.auth_method) && !body.auth_header?.trim()) {
    throw new BadRequestError(`auth_header: is required when auth_method is "${body.auth_method}"`);
  }
}

const fields = (body: IntegrationBody) => ({
  name: body.name,
  template_id: body.template_id,
  auth_method: body.auth_method,
  auth_secret_id: body.auth_secret_id ?? null,
  auth_header: body.auth_header?.trim() || null,
  searchable: body.searchable,
  task_params: body.task_params ? JSON.stringify(body.task_params) : null,
});

export async function createIntegration(db: Db, caller: Caller, projectId: number, body: IntegrationBody) {
  await checkIntegration(db, projectId, body);
  const integration = await insertIntegration(db, projectId, fields(body));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'integration',
    object_id: integration.id,
    description: `Integration ${integration.name} created`,
  });
  return integration;
}

export async function updateIntegration(
  db: Db,
  caller: Caller,
  projectId: number,
  integrationId: number,
  body: IntegrationBody,
) {
  await getIntegration(db, projectId, integrationId);
  await checkIntegration(db, projectId, body);
  await updateIntegrationRow(db, integrationId, fields(body));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'integration',
    object_id: integrationId,
    description: `Integration ${body.name} updated`,
  });
}

/** Integration refs are its parts: `{matchers, values}` (semaphore-behaviour.md §1.23). */
export async function integrationRefs(db: Db, projectId: number, integrationId: number) {
  await getIntegration(db, projectId, integrationId);
  return partNames(db, integrationId);
}

/** Its matchers, extracted values and aliases go with it; tasks it started stay. */
export async function deleteIntegration(db: Db, caller: Caller, projectId: number, integrationId: number) {
  const integration = await getIntegration(db, projectId, integrationId);
  await deleteIntegrationRows(db, integrationId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'integration',
    object_id: integrationId,
    description: `Integration ${integration.name} deleted`,
  });
}
