// The webhook receiver (semaphore-behaviour.md §6.1): the integrations an alias names and, for each,
// the check of who sent the request (§4.7), its matchers, the values it extracts and the task it
// starts, with no user and `integration_id` set. One integration's failure is logged and skipped;
// the others still run. Unlike upstream v2.10, an integration without matchers takes every
// request, every integration sees the body, each starts its task in its own project, and its
// `task_params` apply, and a GitHub delivery starts its task once (webhook-deliveries.ts).
import { findKeyOfProject } from '../store/access-keys.ts';
import type { Db } from '../store/db.ts';
import { findAlias, findInProjectWithParts, findSearchableWithParts } from '../store/integrations.ts';
import { taskBody, type TaskBody } from '../contracts/tasks.ts';
import { issuesText, taskBodyFromParams } from './task-params.ts';
import { SECRET_METHODS, sameText, webhookAuthProblem } from '../security/webhook-auth.ts';
import { readSecret } from '../security/access-key-crypto.ts';
import { STORED_ALIAS } from './integration-aliases.ts';
import { allMatchersHold, extractValues, type WebhookPayload } from '../domain/integration-matching.ts';
import { createTask, type TaskContext } from './tasks.ts';
import { claimDelivery, DELIVERY_HEADER, deliveryIdProblem, releaseDelivery } from './webhook-deliveries.ts';

export interface ReceiverDeps extends TaskContext {
  encryptionKey: Buffer | null;
  /** The server-wide alias that names every searchable integration (SIGNALMAN_INTEGRATION_ALIAS). */
  globalAlias?: string;
}

/** Why an integration started no task although the request reached it. */
export class IntegrationRefused extends Error {
  override name = 'IntegrationRefused';
}

/** The integrations `alias` names, with their matchers and extracted values; none for an unknown alias. */
async function integrationsFor(db: Db, alias: string, globalAlias: string | undefined) {
  if (globalAlias && sameText(alias, globalAlias)) {
    return findSearchableWithParts(db);
  }
  // Anything else cannot be stored, and never reaches the database (PostgreSQL refuses a NUL in text).
  if (!STORED_ALIAS.test(alias)) return [];
  const row = await findAlias(db, alias);
  if (!row) return [];
  return findInProjectWithParts(db, row.project_id, row.integration_id);
}

type Integration = Awaited<ReturnType<typeof integrationsFor>>[number];

/** The shared secret: the password of the integration's key (a `string` key's text will do too). */
async function secretOf(db: Db, integration: Integration, encryptionKey: Buffer | null): Promise<string> {
  if (!SECRET_METHODS.has(integration.auth_method)) return '';
  if (integration.auth_secret_id == null)
    throw new IntegrationRefused(`auth method "${integration.auth_method}" needs a key, and auth_secret_id is not set`);
  const key = await findKeyOfProject(db, integration.project_id, integration.auth_secret_id);
  if (!key)
    throw new IntegrationRefused(`its key ${integration.auth_secret_id} is not in project ${integration.project_id}`);
  const secret = readSecret(key, encryptionKey);
  return secret.password ?? secret.string ?? '';
}

/**
 * The task an integration starts: its `task_params` (as a schedule's apply), its template, and the
 * extracted values as `environment`, over any environment the params hold.
 */
export function integrationTaskBody(
  integration: { template_id: number; task_params: string | null },
  extracted: Record<string, string>,
): TaskBody {
  const fromParams = taskBodyFromParams(integration.template_id, integration.task_params);
  if (!fromParams.ok) throw new IntegrationRefused(fromParams.problem);
  if (!Object.keys(extracted).length) return fromParams.body;
  const base: unknown = fromParams.body.environment.trim() ? JSON.parse(fromParams.body.environment) : {};
  const body = taskBody.safeParse({
    ...fromParams.body,
    environment: JSON.stringify({ ...(base as object), ...extracted }),
  });
  if (!body.success) throw new IntegrationRefused(`the extracted values: ${issuesText(body.error.issues)}`);
  return body.data;
}

/** The id of the task the integration started, or null when its matchers turned the request down. */
async function runIntegration(
  deps: ReceiverDeps,
  integration: Integration,
  payload: WebhookPayload,
): Promise<number | null> {
  const auth = {
    method: integration.auth_method,
    header: integration.auth_header,
    secret: await secretOf(deps.db, integration, deps.encryptionKey),
  };
  const problem = webhookAuthProblem(auth, payload.header, payload.body);
  if (problem) throw new IntegrationRefused(problem);
  if (!allMatchersHold(payload, integration.matchers)) return null;
  const body = integrationTaskBody(integration, extractValues(payload, integration.extract_values));
  const delivery = integration.auth_method === 'github' ? payload.header(DELIVERY_HEADER)?.trim() : undefined;
  if (delivery !== undefined) {
    const problem = deliveryIdProblem(delivery);
    if (problem) throw new IntegrationRefused(problem);
    if (!(await claimDelivery(deps.db, integration.id, delivery)))
      throw new IntegrationRefused('this GitHub delivery (X-GitHub-Delivery) was received before');
  }
  try {
    const task = await createTask(deps, {
      caller: null,
      projectId: integration.project_id,
      body,
      origin: { integration_id: integration.id },
    });
    return task.id;
  } catch (err) {
    if (delivery !== undefined) await releaseDelivery(deps.db, integration.id, delivery);
    throw err;
  }
}

/** Runs every integration `alias` names, in id order; answers the ids of the tasks they started. */
export async function receiveWebhook(deps: ReceiverDeps, alias: string, payload: WebhookPayload): Promise<number[]> {
  const started: number[] = [];
  for (const integration of await integrationsFor(deps.db, alias, deps.globalAlias)) {
    try {
      const taskId = await runIntegration(deps, integration, payload);
      if (taskId !== null) started.push(taskId);
    } catch (err) {
      // The reasons name headers and fields, never what they hold: no secret reaches the log.
      console.error(
        `[webhook] integration ${integration.id} of project ${integration.project_id} started no task: ${(err as Error).message}`,
      );
    }
  }
  return started;
}
