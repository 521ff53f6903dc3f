// Checks that ids given in a body name objects of the same project (never another project's).
import type { Db } from '../store/db.ts';
import { BadRequestError } from './errors.ts';

export async function requireKeyIn(
  db: Db,
  projectId: number,
  keyId: number | null | undefined,
  field: string,
): Promise<void> {
  if (keyId == null) return;
  const found = await db.accessKey.findFirst({
    where: { id: keyId, project_id: projectId, environment_id: null },
    select: { id: true },
  });
  if (!found) throw new BadRequestError(`${field}: access key ${keyId} not found in project ${projectId}`);
}

export async function requireRepositoryIn(
  db: Db,
  projectId: number,
  repoId: number | null | undefined,
  field: string,
): Promise<void> {
  if (repoId == null) return;
  const found = await db.repository.findFirst({ where: { id: repoId, project_id: projectId }, select: { id: true } });
  if (!found) throw new BadRequestError(`${field}: repository ${repoId} not found in project ${projectId}`);
}

export async function requireInventoryIn(
  db: Db,
  projectId: number,
  inventoryId: number | null | undefined,
  field: string,
): Promise<void> {
  if (inventoryId == null) return;
  const found = await db.inventory.findFirst({
    where: { id: inventoryId, project_id: projectId },
    select: { id: true },
  });
  if (!found) throw new BadRequestError(`${field}: inventory ${inventoryId} not found in project ${projectId}`);
}

export async function requireEnvironmentIn(
  db: Db,
  projectId: number,
  envId: number | null | undefined,
  field: string,
): Promise<void> {
  if (envId == null) return;
  const found = await db.environment.findFirst({ where: { id: envId, project_id: projectId }, select: { id: true } });
  if (!found) throw new BadRequestError(`${field}: environment ${envId} not found in project ${projectId}`);
}

export async function requireTemplateIn(
  db: Db,
  projectId: number,
  templateId: number | null | undefined,
  field: string,
): Promise<void> {
  if (templateId == null) return;
  const found = await db.template.findFirst({ where: { id: templateId, project_id: projectId }, select: { id: true } });
  if (!found) throw new BadRequestError(`${field}: template ${templateId} not found in project ${projectId}`);
}

export async function requireViewIn(
  db: Db,
  projectId: number,
  viewId: number | null | undefined,
  field: string,
): Promise<void> {
  if (viewId == null) return;
  const found = await db.view.findFirst({ where: { id: viewId, project_id: projectId }, select: { id: true } });
  if (!found) throw new BadRequestError(`${field}: view ${viewId} not found in project ${projectId}`);
}
