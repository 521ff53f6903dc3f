// Checks that ids given in a body name objects of the same project (never another project's).
import type { Db } from '../store/db.ts';
import { projectKeyExistsIn } from '../store/access-keys.ts';
import { environmentExistsIn } from '../store/environments.ts';
import { inventoryExistsIn } from '../store/inventories.ts';
import { repositoryExistsIn } from '../store/repositories.ts';
import { templateExistsIn, viewExistsIn } from '../store/templates.ts';
import { BadRequestError } from './errors.ts';

export async function requireKeyIn(
  db: Db,
  projectId: number,
  keyId: number | null | undefined,
  field: string,
): Promise<void> {
  if (keyId == null) return;
  if (!(await projectKeyExistsIn(db, projectId, keyId)))
    throw new BadRequestError(`${field}: access key ${keyId} not found in project ${projectId}`);
}

export async function requireRepositoryIn(
  db: Db,
  projectId: number,
  repoId: number | null | undefined,
  field: string,
): Promise<void> {
  if (repoId == null) return;
  if (!(await repositoryExistsIn(db, projectId, repoId)))
    throw new BadRequestError(`${field}: repository ${repoId} not found in project ${projectId}`);
}

export async function requireInventoryIn(
  db: Db,
  projectId: number,
  inventoryId: number | null | undefined,
  field: string,
): Promise<void> {
  if (inventoryId == null) return;
  if (!(await inventoryExistsIn(db, projectId, inventoryId)))
    throw new BadRequestError(`${field}: inventory ${inventoryId} not found in project ${projectId}`);
}

export async function requireEnvironmentIn(
  db: Db,
  projectId: number,
  envId: number | null | undefined,
  field: string,
): Promise<void> {
  if (envId == null) return;
  if (!(await environmentExistsIn(db, projectId, envId)))
    throw new BadRequestError(`${field}: environment ${envId} not found in project ${projectId}`);
}

export async function requireTemplateIn(
  db: Db,
  projectId: number,
  templateId: number | null | undefined,
  field: string,
): Promise<void> {
  if (templateId == null) return;
  if (!(await templateExistsIn(db, projectId, templateId)))
    throw new BadRequestError(`${field}: template ${templateId} not found in project ${projectId}`);
}

export async function requireViewIn(
  db: Db,
  projectId: number,
  viewId: number | null | undefined,
  field: string,
): Promise<void> {
  if (viewId == null) return;
  if (!(await viewExistsIn(db, projectId, viewId)))
    throw new BadRequestError(`${field}: view ${viewId} not found in project ${projectId}`);
}
