// Views: the tabs that group a project's templates, in the order of their positions.
import { templateNamesOfView, templatesOfView } from '../store/templates.ts';
import type { Db } from '../store/db.ts';
import { withLastTasks } from './templates.ts';
import {
  deleteView as deleteViewRow,
  existingViewIds,
  findView,
  findViews,
  insertView,
  setPositions,
  updateView as updateViewRow,
} from '../store/views.ts';
import type { ViewBody, ViewPositionsBody } from '../contracts/views.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';

export async function listViews(db: Db, projectId: number) {
  return findViews(db, projectId);
}

export async function getView(db: Db, projectId: number, viewId: number) {
  const view = await findView(db, projectId, viewId);
  if (!view) throw new NotFoundError(`view ${viewId} not found in project ${projectId}`);
  return view;
}

export async function createView(db: Db, caller: Caller, projectId: number, body: ViewBody) {
  const view = await insertView(db, projectId, { title: body.title, position: body.position });
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
  await updateViewRow(db, viewId, { title: body.title, position: body.position });
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
  const found = await existingViewIds(db, projectId, ids);
  const missing = ids.filter((id) => !found.includes(id));
  if (missing.length) throw new BadRequestError(`${missing[0]}: view ${missing[0]} not found in project ${projectId}`);
  await setPositions(
    db,
    ids.map((id) => [id, positions[String(id)]]),
  );
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'view',
    description: `View positions changed`,
  });
}

export async function viewTemplates(db: Db, projectId: number, viewId: number) {
  await getView(db, projectId, viewId);
  return withLastTasks(db, projectId, await templatesOfView(db, projectId, viewId));
}

export async function viewRefs(db: Db, projectId: number, viewId: number) {
  const templates = await templateNamesOfView(db, projectId, viewId);
  return {
    templates,
    inventories: [] as Array<{ id: number; name: string }>,
    repositories: [] as Array<{ id: number; name: string }>,
  };
}

/** Templates of a deleted view stay, without a view (they show under "All"). */
export async function deleteView(db: Db, caller: Caller, projectId: number, viewId: number) {
  const view = await getView(db, projectId, viewId);
  await deleteViewRow(db, projectId, viewId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'view',
    object_id: viewId,
    description: `View ${view.title} deleted`,
  });
}
