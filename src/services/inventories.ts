// Inventories: static INI/YAML text, a file path, or a Terraform workspace name.
import type { Db } from '../store/db.ts';
import {
  deleteInventoryRow,
  findInventory,
  insertInventory,
  inventoryReferrers,
  listInventoryRows,
  updateInventoryRow,
  type InventoryFields,
} from '../store/inventories.ts';
import type { InventoryBody } from '../contracts/inventories.ts';
import { BadRequestError, InUseError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';
import { requireKeyIn, requireRepositoryIn } from './references.ts';

export async function listInventories(db: Db, projectId: number) {
  return listInventoryRows(db, projectId);
}

export async function getInventory(db: Db, projectId: number, inventoryId: number) {
  const inv = await findInventory(db, projectId, inventoryId);
  if (!inv) throw new NotFoundError(`inventory ${inventoryId} not found in project ${projectId}`);
  return inv;
}

async function checkInventory(db: Db, projectId: number, body: InventoryBody) {
  await requireKeyIn(db, projectId, body.ssh_key_id, 'ssh_key_id');
  await requireKeyIn(db, projectId, body.become_key_id, 'become_key_id');
  await requireRepositoryIn(db, projectId, body.repository_id, 'repository_id');
  if (body.type === 'file' && body.inventory.split('/').includes('..')) {
    throw new BadRequestError('inventory: a file inventory path must not contain ".."');
  }
}

const fields = (body: InventoryBody): InventoryFields => ({
  name: body.name,
  inventory: body.inventory,
  type: body.type,
  ssh_key_id: body.ssh_key_id ?? null,
  become_key_id: body.become_key_id ?? null,
  repository_id: body.repository_id ?? null,
  runner_tag: body.runner_tag ?? null,
});

export async function createInventory(db: Db, caller: Caller, projectId: number, body: InventoryBody) {
  await checkInventory(db, projectId, body);
  const inv = await insertInventory(db, projectId, fields(body));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'inventory',
    object_id: inv.id,
    description: `Inventory ${inv.name} created`,
  });
  return inv;
}

export async function updateInventory(
  db: Db,
  caller: Caller,
  projectId: number,
  inventoryId: number,
  body: InventoryBody,
) {
  await getInventory(db, projectId, inventoryId);
  await checkInventory(db, projectId, body);
  const inv = await updateInventoryRow(db, inventoryId, fields(body));
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'inventory',
    object_id: inventoryId,
    description: `Inventory ${inv.name} updated`,
  });
}

export async function inventoryRefs(db: Db, projectId: number, inventoryId: number) {
  const templates = await inventoryReferrers(db, projectId, inventoryId);
  return {
    templates,
    inventories: [] as Array<{ id: number; name: string }>,
    repositories: [] as Array<{ id: number; name: string }>,
  };
}

export async function deleteInventory(db: Db, caller: Caller, projectId: number, inventoryId: number) {
  const inv = await getInventory(db, projectId, inventoryId);
  const refs = await inventoryRefs(db, projectId, inventoryId);
  if (refs.templates.length > 0) throw new InUseError(`inventory ${inv.name} is in use by one or more templates`);
  await deleteInventoryRow(db, inventoryId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'inventory',
    object_id: inventoryId,
    description: `Inventory ${inv.name} deleted`,
  });
}
