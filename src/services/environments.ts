// Environments ("variable groups"): extra vars JSON, env vars JSON and write-only secrets.
// Secrets are access_key rows of type `string` bound to the environment, named `var.X` / `env.X`.
import type { Db } from '../store/db.ts';
import type { EnvironmentBody } from '../contracts/environments.ts';
import { encryptSecret } from '../security/access-key-crypto.ts';
import { BadRequestError, InUseError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

export async function listEnvironments(db: Db, projectId: number) {
  return db.environment.findMany({
    where: { project_id: projectId },
    orderBy: { name: 'asc' },
    include: { secrets: true },
  });
}

export async function getEnvironment(db: Db, projectId: number, envId: number) {
  const env = await db.environment.findFirst({
    where: { id: envId, project_id: projectId },
    include: { secrets: true },
  });
  if (!env) throw new NotFoundError(`environment ${envId} not found in project ${projectId}`);
  return env;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

async function applySecrets(
  tx: Tx,
  projectId: number,
  envId: number,
  body: EnvironmentBody,
  encryptionKey: Buffer | null,
) {
  for (const s of body.secrets ?? []) {
    const keyName = `${s.type}.${s.name}`;
    const operation = s.operation ?? (s.id ? 'update' : 'create');
    if (operation === 'create') {
      await tx.accessKey.create({
        data: {
          name: keyName,
          type: 'string',
          project_id: projectId,
          environment_id: envId,
          secret: encryptSecret(s.secret, encryptionKey),
        },
      });
      continue;
    }
    if (!s.id) throw new BadRequestError(`secrets: ${operation} of "${s.name}" needs its id`);
    const existing = await tx.accessKey.findFirst({ where: { id: s.id, environment_id: envId } });
    if (!existing) throw new BadRequestError(`secrets: secret ${s.id} not found in environment ${envId}`);
    if (operation === 'delete') await tx.accessKey.delete({ where: { id: s.id } });
    else
      await tx.accessKey.update({
        where: { id: s.id },
        data: { name: keyName, ...(s.secret ? { secret: encryptSecret(s.secret, encryptionKey) } : {}) },
      });
  }
}

export async function createEnvironment(
  db: Db,
  caller: Caller,
  projectId: number,
  body: EnvironmentBody,
  encryptionKey: Buffer | null,
) {
  const env = await db.$transaction(async (tx) => {
    const env = await tx.environment.create({
      data: {
        project_id: projectId,
        name: body.name,
        json: body.json || '{}',
        env: body.env ?? null,
        password: body.password ?? null,
      },
    });
    await applySecrets(tx, projectId, env.id, body, encryptionKey);
    return env;
  });
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
  await db.$transaction(async (tx) => {
    await tx.environment.update({
      where: { id: envId },
      data: {
        name: body.name,
        json: body.json || '{}',
        env: body.env ?? null,
        ...(body.password !== undefined ? { password: body.password } : {}),
      },
    });
    await applySecrets(tx, projectId, envId, body, encryptionKey);
  });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'environment',
    object_id: envId,
    description: `Environment ${body.name} updated`,
  });
}

export async function environmentRefs(db: Db, projectId: number, envId: number) {
  const templates = await db.template.findMany({
    where: { project_id: projectId, environment_id: envId },
    select: { id: true, name: true },
  });
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
  await db.environment.delete({ where: { id: envId } });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'environment',
    object_id: envId,
    description: `Environment ${env.name} deleted`,
  });
}
