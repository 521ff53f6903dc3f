// Data access for repositories.
import type { Db } from './db.ts';
import type { RepositoryRow } from './rows.ts';

/** The columns a repository's owner sets. */
export type RepositoryFields = Pick<RepositoryRow, 'name' | 'git_url' | 'git_branch' | 'ssh_key_id'>;

const named = { id: true, name: true } as const;

export function listRepositoryRows(db: Db, projectId: number): Promise<RepositoryRow[]> {
  return db.repository.findMany({ where: { project_id: projectId }, orderBy: { name: 'asc' } });
}

export function findRepository(db: Db, projectId: number, repoId: number): Promise<RepositoryRow | null> {
  return db.repository.findFirst({ where: { id: repoId, project_id: projectId } });
}

export async function repositoryExistsIn(db: Db, projectId: number, repoId: number): Promise<boolean> {
  return !!(await db.repository.findFirst({ where: { id: repoId, project_id: projectId }, select: { id: true } }));
}

export function insertRepository(db: Db, projectId: number, fields: RepositoryFields): Promise<RepositoryRow> {
  return db.repository.create({ data: { project_id: projectId, ...fields } });
}

export function updateRepositoryRow(db: Db, repoId: number, fields: RepositoryFields): Promise<RepositoryRow> {
  return db.repository.update({ where: { id: repoId }, data: fields });
}

export async function deleteRepositoryRow(db: Db, repoId: number): Promise<void> {
  await db.repository.delete({ where: { id: repoId } });
}

/** The templates, inventories and schedules that use a repository. */
export async function repositoryReferrers(db: Db, projectId: number, repoId: number) {
  const [templates, inventories, schedules] = await Promise.all([
    db.template.findMany({ where: { project_id: projectId, repository_id: repoId }, select: named }),
    db.inventory.findMany({ where: { project_id: projectId, repository_id: repoId }, select: named }),
    db.schedule.findMany({ where: { project_id: projectId, repository_id: repoId }, select: named }),
  ]);
  return { templates, inventories, schedules };
}
