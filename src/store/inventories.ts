// Data access for inventories.
import type { Db } from './db.ts';
import type { InventoryRow } from './rows.ts';

/** The columns an inventory's owner sets (a workspace inventory's holder is set by its template). */
export type InventoryFields = Omit<InventoryRow, 'id' | 'project_id' | 'holder_id'>;

export function listInventoryRows(db: Db, projectId: number): Promise<InventoryRow[]> {
  return db.inventory.findMany({ where: { project_id: projectId }, orderBy: { name: 'asc' } });
}

export function findInventory(db: Db, projectId: number, inventoryId: number): Promise<InventoryRow | null> {
  return db.inventory.findFirst({ where: { id: inventoryId, project_id: projectId } });
}

export async function inventoryExistsIn(db: Db, projectId: number, inventoryId: number): Promise<boolean> {
  return !!(await db.inventory.findFirst({ where: { id: inventoryId, project_id: projectId }, select: { id: true } }));
}

export function insertInventory(db: Db, projectId: number, fields: InventoryFields): Promise<InventoryRow> {
  return db.inventory.create({ data: { project_id: projectId, ...fields } });
}

export function updateInventoryRow(db: Db, inventoryId: number, fields: InventoryFields): Promise<InventoryRow> {
  return db.inventory.update({ where: { id: inventoryId }, data: fields });
}

export async function deleteInventoryRow(db: Db, inventoryId: number): Promise<void> {
  await db.inventory.delete({ where: { id: inventoryId } });
}

/** The templates that use an inventory. */
export function inventoryReferrers(db: Db, projectId: number, inventoryId: number) {
  return db.template.findMany({
    where: { project_id: projectId, inventory_id: inventoryId },
    select: { id: true, name: true },
  });
}

export async function inventoryRunnerTag(db: Db, inventoryId: number): Promise<string | null> {
  return (
    (await db.inventory.findUnique({ where: { id: inventoryId }, select: { runner_tag: true } }))?.runner_tag ?? null
  );
}
