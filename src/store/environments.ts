// Data access for environments ("variable groups") and their secrets, which are access_key rows
// bound to the environment.
import type { Db } from './db.ts';
import type { EnvironmentRow } from './rows.ts';

export type EnvironmentFields = Pick<EnvironmentRow, 'name' | 'json' | 'env'> & { password?: string | null };

/** One change to an environment's secrets, its secret already encrypted. */
export type SecretChange =
  | { operation: 'create'; name: string; secret: string }
  | { operation: 'update'; id: number | undefined; name: string; secret: string | undefined }
  | { operation: 'delete'; id: number | undefined };

/** Change number `index` named no secret of the environment (or none at all); nothing of the save is kept. */
export class SecretChangeRefused extends Error {
  constructor(
    readonly index: number,
    readonly environmentId: number,
  ) {
    super(`secret change ${index}: no such secret in environment ${environmentId}`);
  }
}

export function listEnvironmentsWithSecrets(db: Db, projectId: number) {
  return db.environment.findMany({
    where: { project_id: projectId },
    orderBy: { name: 'asc' },
    include: { secrets: true },
  });
}

export function findEnvironmentWithSecrets(db: Db, projectId: number, envId: number) {
  return db.environment.findFirst({ where: { id: envId, project_id: projectId }, include: { secrets: true } });
}

export function findEnvironment(db: Db, projectId: number, envId: number): Promise<EnvironmentRow | null> {
  return db.environment.findFirst({ where: { id: envId, project_id: projectId } });
}

export async function environmentExistsIn(db: Db, projectId: number, envId: number): Promise<boolean> {
  return !!(await db.environment.findFirst({ where: { id: envId, project_id: projectId }, select: { id: true } }));
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Applies the changes in order; a change without an id, or whose id is no secret of the environment, refuses. */
async function applySecretChanges(tx: Tx, projectId: number, envId: number, changes: SecretChange[]) {
  for (const [index, change] of changes.entries()) {
    if (change.operation === 'create') {
      await tx.accessKey.create({
        data: {
          name: change.name,
          type: 'string',
          project_id: projectId,
          environment_id: envId,
          secret: change.secret,
        },
      });
      continue;
    }
    if (!change.id) throw new SecretChangeRefused(index, envId);
    const existing = await tx.accessKey.findFirst({ where: { id: change.id, environment_id: envId } });
    if (!existing) throw new SecretChangeRefused(index, envId);
    if (change.operation === 'delete') await tx.accessKey.delete({ where: { id: change.id } });
    else
      await tx.accessKey.update({
        where: { id: change.id },
        data: { name: change.name, ...(change.secret ? { secret: change.secret } : {}) },
      });
  }
}

/** Inserts an environment with its secrets, all or nothing. */
export function insertEnvironment(
  db: Db,
  projectId: number,
  fields: EnvironmentFields,
  secrets: SecretChange[],
): Promise<EnvironmentRow> {
  return db.$transaction(async (tx) => {
    const env = await tx.environment.create({ data: { project_id: projectId, ...fields } });
    await applySecretChanges(tx, projectId, env.id, secrets);
    return env;
  });
}

/** Updates an environment and changes its secrets, all or nothing; `password` changes only when given. */
export async function updateEnvironmentRow(
  db: Db,
  projectId: number,
  envId: number,
  fields: EnvironmentFields,
  secrets: SecretChange[],
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.environment.update({ where: { id: envId }, data: fields });
    await applySecretChanges(tx, projectId, envId, secrets);
  });
}

export async function deleteEnvironmentRow(db: Db, envId: number): Promise<void> {
  await db.environment.delete({ where: { id: envId } });
}

/** The templates that use an environment. */
export function environmentReferrers(db: Db, projectId: number, envId: number) {
  return db.template.findMany({
    where: { project_id: projectId, environment_id: envId },
    select: { id: true, name: true },
  });
}
