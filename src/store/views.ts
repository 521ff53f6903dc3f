// Views: the tabs that group a project's templates.
import type { Db } from './db.ts';

export async function findViews(db: Db, projectId: number) {
  return db.view.findMany({ where: { project_id: projectId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
}

export async function findView(db: Db, projectId: number, viewId: number) {
  return db.view.findFirst({ where: { id: viewId, project_id: projectId } });
}

/** Which of `ids` are views of the project. */
export async function existingViewIds(db: Db, projectId: number, ids: number[]): Promise<number[]> {
  const found = await db.view.findMany({ where: { project_id: projectId, id: { in: ids } }, select: { id: true } });
  return found.map((v) => v.id);
}

export async function insertView(db: Db, projectId: number, fields: { title: string; position: number }) {
  return db.view.create({ data: { project_id: projectId, ...fields } });
}

export async function updateView(db: Db, viewId: number, fields: { title: string; position: number }): Promise<void> {
  await db.view.update({ where: { id: viewId }, data: fields });
}

/** Moves views ([id, position] pairs), all or none. */
export async function setPositions(db: Db, positions: Array<[number, number]>): Promise<void> {
  await db.$transaction(positions.map(([id, position]) => db.view.update({ where: { id }, data: { position } })));
}

/** Deletes the view; its templates stay, without a view. All or nothing. */
export async function deleteView(db: Db, projectId: number, viewId: number): Promise<void> {
  await db.$transaction([
    db.template.updateMany({ where: { project_id: projectId, view_id: viewId }, data: { view_id: null } }),
    db.view.delete({ where: { id: viewId } }),
  ]);
}
