// Projects. A new project comes with its owner, the `None` key and the `Empty` environment, written
// in one transaction with its event.
import type { Db } from './db.ts';
import { insertEvent, type NewEvent } from './events.ts';
import type { Tx } from './project-lock.ts';

export interface ProjectFields {
  name: string;
  alert?: boolean;
  alert_chat?: string | null;
  max_parallel_tasks?: number;
  type?: string;
}

export async function findProjects(db: Db, memberId: number | null) {
  return db.project.findMany({
    where: memberId === null ? {} : { users: { some: { user_id: memberId } } },
    orderBy: { name: 'asc' },
  });
}

export async function findProject(db: Db, projectId: number) {
  return db.project.findUnique({ where: { id: projectId } });
}

export async function projectExists(db: Db | Tx, projectId: number): Promise<boolean> {
  return (await db.project.findUnique({ where: { id: projectId }, select: { id: true } })) !== null;
}

type ProjectRow = Awaited<ReturnType<Db['project']['create']>>;

/** The project, its owner, its `None` key and `Empty` environment, and `event(project)`: all or nothing. */
export async function insertProject(
  db: Db,
  fields: Required<ProjectFields>,
  ownerId: number,
  event: (project: ProjectRow) => NewEvent,
): Promise<ProjectRow> {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: fields });
    await tx.projectUser.create({ data: { project_id: project.id, user_id: ownerId, role: 'owner' } });
    await tx.accessKey.create({ data: { name: 'None', type: 'none', project_id: project.id } });
    await tx.environment.create({ data: { name: 'Empty', json: '{}', project_id: project.id } });
    await insertEvent(tx, event(project));
    return project;
  });
}

/** Sets the fields given (undefined ones stay as they are). */
export async function updateProject(db: Db, projectId: number, fields: ProjectFields) {
  return db.project.update({ where: { id: projectId }, data: fields });
}

export async function deleteProject(db: Db, projectId: number): Promise<void> {
  await db.project.delete({ where: { id: projectId } });
}
