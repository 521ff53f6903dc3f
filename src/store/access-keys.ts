// Data access for access keys: the project's key store (keys bound to no environment), and the
// keys a run decrypts. Environment secrets are keys too; ./environments.ts writes those.
import type { Db } from './db.ts';
import type { AccessKeyRow } from './rows.ts';

const named = { id: true, name: true } as const;
/** A key of the project's key store, not an environment's secret. */
const inKeyStore = (projectId: number) => ({ project_id: projectId, environment_id: null });

export function listProjectKeys(db: Db, projectId: number): Promise<AccessKeyRow[]> {
  return db.accessKey.findMany({ where: inKeyStore(projectId), orderBy: { name: 'asc' } });
}

export function findProjectKey(db: Db, projectId: number, keyId: number): Promise<AccessKeyRow | null> {
  return db.accessKey.findFirst({ where: { id: keyId, ...inKeyStore(projectId) } });
}

export async function projectKeyExistsIn(db: Db, projectId: number, keyId: number): Promise<boolean> {
  return !!(await db.accessKey.findFirst({ where: { id: keyId, ...inKeyStore(projectId) }, select: { id: true } }));
}

export function insertProjectKey(
  db: Db,
  projectId: number,
  fields: Pick<AccessKeyRow, 'name' | 'type' | 'secret'>,
): Promise<AccessKeyRow> {
  return db.accessKey.create({ data: { ...fields, project_id: projectId } });
}

/** `type` and `secret` change only when given. */
export function updateKeyRow(
  db: Db,
  keyId: number,
  fields: { name: string; type?: string; secret?: string | null },
): Promise<AccessKeyRow> {
  return db.accessKey.update({ where: { id: keyId }, data: fields });
}

export async function deleteKeyRow(db: Db, keyId: number): Promise<void> {
  await db.accessKey.delete({ where: { id: keyId } });
}

/** The repositories, inventories, template vaults (with their template) and integrations that use a key. */
export async function keyReferrers(db: Db, projectId: number, keyId: number) {
  const [repositories, inventories, vaults, integrations] = await Promise.all([
    db.repository.findMany({ where: { project_id: projectId, ssh_key_id: keyId }, select: named }),
    db.inventory.findMany({
      where: { project_id: projectId, OR: [{ ssh_key_id: keyId }, { become_key_id: keyId }] },
      select: named,
    }),
    db.templateVault.findMany({
      where: { project_id: projectId, vault_key_id: keyId },
      select: { template: { select: named } },
    }),
    db.integration.findMany({ where: { project_id: projectId, auth_secret_id: keyId }, select: named }),
  ]);
  return { repositories, inventories, templates: vaults.map((v) => v.template), integrations };
}

/** Key `keyId` of project `projectId`, wherever it is bound (a repository's key, for git). */
export function findKeyOfProject(db: Db, projectId: number, keyId: number): Promise<AccessKeyRow | null> {
  return db.accessKey.findFirst({ where: { id: keyId, project_id: projectId } });
}

/**
 * In one query, the keys a run reads: project keys `keyIds` and every secret of environment
 * `environmentId` (if any), by id.
 */
export async function keysForRun(
  db: Db,
  projectId: number,
  keyIds: number[],
  environmentId: number | null,
): Promise<AccessKeyRow[]> {
  if (!keyIds.length && !environmentId) return [];
  return db.accessKey.findMany({
    where: {
      OR: [
        { id: { in: keyIds }, project_id: projectId },
        ...(environmentId ? [{ environment_id: environmentId }] : []),
      ],
    },
    orderBy: { id: 'asc' },
  });
}
