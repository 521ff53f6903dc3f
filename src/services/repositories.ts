// Repositories: where templates get their code.
import type { Db } from '../store/db.ts';
import {
  deleteRepositoryRow,
  findRepository,
  insertRepository,
  listRepositoryRows,
  repositoryReferrers,
  updateRepositoryRow,
} from '../store/repositories.ts';
import type { RepositoryBody } from '../contracts/repositories.ts';
import { InUseError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';
import { requireKeyIn } from './references.ts';

export async function listRepositories(db: Db, projectId: number) {
  return listRepositoryRows(db, projectId);
}

export async function getRepository(db: Db, projectId: number, repoId: number) {
  const repo = await findRepository(db, projectId, repoId);
  if (!repo) throw new NotFoundError(`repository ${repoId} not found in project ${projectId}`);
  return repo;
}

export async function createRepository(db: Db, caller: Caller, projectId: number, body: RepositoryBody) {
  await requireKeyIn(db, projectId, body.ssh_key_id, 'ssh_key_id');
  const repo = await insertRepository(db, projectId, {
    name: body.name,
    git_url: body.git_url,
    git_branch: body.git_branch,
    ssh_key_id: body.ssh_key_id,
  });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'repository',
    object_id: repo.id,
    description: `Repository ${repo.name} created`,
  });
  return repo;
}

export async function updateRepository(
  db: Db,
  caller: Caller,
  projectId: number,
  repoId: number,
  body: RepositoryBody,
) {
  await getRepository(db, projectId, repoId);
  await requireKeyIn(db, projectId, body.ssh_key_id, 'ssh_key_id');
  const repo = await updateRepositoryRow(db, repoId, {
    name: body.name,
    git_url: body.git_url,
    git_branch: body.git_branch,
    ssh_key_id: body.ssh_key_id,
  });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'repository',
    object_id: repoId,
    description: `Repository ${repo.name} updated`,
  });
}

export async function repositoryRefs(db: Db, projectId: number, repoId: number) {
  const { templates, inventories, schedules } = await repositoryReferrers(db, projectId, repoId);
  return { templates, inventories, repositories: [] as Array<{ id: number; name: string }>, schedules };
}

export async function deleteRepository(db: Db, caller: Caller, projectId: number, repoId: number) {
  const repo = await getRepository(db, projectId, repoId);
  const refs = await repositoryRefs(db, projectId, repoId);
  if (refs.templates.length + refs.inventories.length + refs.schedules.length > 0)
    throw new InUseError(`repository ${repo.name} is in use by one or more templates, inventories or schedules`);
  await deleteRepositoryRow(db, repoId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'repository',
    object_id: repoId,
    description: `Repository ${repo.name} deleted`,
  });
}
