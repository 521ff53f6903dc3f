// Environments ("variable groups"): extra vars JSON, env vars JSON and write-only secrets.
// Secrets are access_key rows of type `string` bound to the environment, named `var.X` / `env.X`.
import type { Db } from '../store/db.ts';
import {
  deleteEnvironmentRow,
  environmentReferrers,
  findEnvironmentWithSecrets,
  insertEnvironment,
  listEnvironmentsWithSecrets,
  SecretChangeRefused,
  updateEnvironmentRow,
  type SecretChange,
} from '../store/environments.ts';
import type { EnvironmentBody } from '../contracts/environments.ts';
import { encryptSecret } from '../security/access-key-crypto.ts';
import { BadRequestError, InUseError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

export async function listEnvironments(db: Db, projectId: number) {
  return listEnvironmentsWithSecrets(db, projectId);
}

export async function getEnvironment(db: Db, projectId: number, envId: number) {
  const env = await findEnvironmentWithSecrets(db, projectId, envId);
  if (!env) throw new NotFoundError(`environment ${envId} not found in project ${projectId}`);
  return env;
}

const operationOf = (s: NonNullable<EnvironmentBody['secrets']>[number]) => s.operation ?? (s.id ? 'update' : 'create');

/** The body's secret changes, in order, with their values encrypted. */
function secretChanges(body: EnvironmentBody, encryptionKey: Buffer | null): SecretChange[] {
  return (body.secrets ?? []).map((s): SecretChange => {
    const name = `${s.type}.${s.name}`;
    const operation = operationOf(s);
    if (operation === 'create') return { operation, name, secret: encryptSecret(s.secret, encryptionKey) };
    if (operation === 'delete') return { operation, id: s.id };
    return { operation, id: s.id, name, secret: s.secret ? encryptSecret(s.secret, encryptionKey) : undefined };
  });
}

/** Saves the environment with its secrets; a change that names no secret of it is a 400, and nothing is saved. */
async function saving<T>(body: EnvironmentBody, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (err) {
    if (!(err instanceof SecretChangeRefused)) throw err;
    const s = body.secrets![err.index]!;
    if (!s.id) throw new BadRequestError(`secrets: ${operationOf(s)} of "${s.name}" needs its id`);
    throw new BadRequestError(`secrets: secret ${s.id} not found in environment ${err.environmentId}`);
  }
}

export async function createEnvironment(
  db: Db,
  caller: Caller,
  projectId: number,
  body: EnvironmentBody,
  encryptionKey: Buffer | null,
) {
  const fields = { name: body.name, json: body.json || '{}', env: body.env ?? null, password: body.password ?? null };
  const env = await saving(body, () => insertEnvironment(db, projectId, fields, secretChanges(body, encryptionKey)));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'environment',
    object_id: env.id,
    description: `Environment ${env.name} created`,
  });
  return getEnvironment(db, projectId, env.id);
}

export async function updateEnvironment(
  db: Db,
  caller: Caller,
  projectId: number,
  envId: number,
  body: EnvironmentBody,
  encryptionKey: Buffer | null,
) {
  await getEnvironment(db, projectId, envId);
  const fields = {
    name: body.name,
    json: body.json || '{}',
    env: body.env ?? null,
    ...(body.password !== undefined ? { password: body.password } : {}),
  };
  await saving(body, () => updateEnvironmentRow(db, projectId, envId, fields, secretChanges(body, encryptionKey)));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'environment',
    object_id: envId,
    description: `Environment ${body.name} updated`,
  });
}

export async function environmentRefs(db: Db, projectId: number, envId: number) {
  const templates = await environmentReferrers(db, projectId, envId);
  return {
    templates,
    inventories: [] as Array<{ id: number; name: string }>,
    repositories: [] as Array<{ id: number; name: string }>,
  };
}

export async function deleteEnvironment(db: Db, caller: Caller, projectId: number, envId: number) {
  const env = await getEnvironment(db, projectId, envId);
  const refs = await environmentRefs(db, projectId, envId);
  if (refs.templates.length > 0) throw new InUseError(`environment ${env.name} is in use by one or more templates`);
  await deleteEnvironmentRow(db, envId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'environment',
    object_id: envId,
    description: `Environment ${env.name} deleted`,
  });
}
