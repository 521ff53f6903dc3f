// Views: the tabs that group a project's templates, in the order of their positions.
import type { Db } from '../store/db.ts';
import type { ViewBody, ViewPositionsBody } from '../contracts/views.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

export async function listViews(db: Db, projectId: number) {
  return db.view.findMany({ where: { project_id: projectId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
}

export async function getView(db: Db, projectId: number, viewId: number) {
  const view = await db.view.findFirst({ where: { id: viewId, project_id: projectId } });
  if (!view) throw new NotFoundError(`view ${viewId} not found in project ${projectId}`);
  return view;
}

export async function createView(db: Db, caller: Caller, projectId: number, body: ViewBody) {
  const view = await db.view.create({ data: { project_id: projectId, title: body.title, position: body.position } });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'view',
    object_id: view.id,
    description: `View ${view.title} created`,
  });
  return view;
}

export async function updateView(db: Db, caller: Caller, projectId: number, viewId: number, body: ViewBody) {
  await getView(db, projectId, viewId);
  await db.view.update({ where: { id: viewId }, data: { title: body.title, position: body.position } });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'view',
    object_id: viewId,
    description: `View ${body.title} updated`,
  });
}

/** Moves several views at once; every id must be a view of the project, or nothing changes. */
export async function setViewPositions(db: Db, caller: Caller, projectId: number, positions: ViewPositionsBody) {
  const ids = Object.keys(positions).map(Number);
  const found = await db.view.findMany({ where: { project_id: projectId, id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((v) => v.id === id));
  if (missing.length) throw new BadRequestError(`${missing[0]}: view ${missing[0]} not found in project ${projectId}`);
  await db.$transaction(ids.map((id) => db.view.update({ where: { id }, data: { position: positions[String(id)] } })));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'view',
    description: `View positions changed`,
  });
}

export async function viewTemplates(db: Db, projectId: number, viewId: number) {
  await getView(db, projectId, viewId);
  return db.template.findMany({
    where: { project_id: projectId, view_id: viewId },
    orderBy: { name: 'asc' },
    include: { vaults: true },
  });
}

export async function viewRefs(db: Db, projectId: number, viewId: number) {
  const templates = await db.template.findMany({
    where: { project_id: projectId, view_id: viewId },
    select: { id: true, name: true },
  });
  return {
    templates,
    inventories: [] as Array<{ id: number; name: string }>,
    repositories: [] as Array<{ id: number; name: string }>,
  };
}

/** Templates of a deleted view stay, without a view (they show under "All"). */
export async function deleteView(db: Db, caller: Caller, projectId: number, viewId: number) {
  const view = await getView(db, projectId, viewId);
  await db.$transaction([
    db.template.updateMany({ where: { project_id: projectId, view_id: viewId }, data: { view_id: null } }),
    db.view.delete({ where: { id: viewId } }),
  ]);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'view',
    object_id: viewId,
    description: `View ${view.title} deleted`,
  });
}
