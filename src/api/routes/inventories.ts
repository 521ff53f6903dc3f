import type { ApiDeps } from '../context.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { presentInventory } from '../presenters.ts';
import { inventoryBody } from '../../contracts/inventories.ts';
import * as inventories from '../../services/inventories.ts';

/** /api/project/{project_id}/inventory */
export const inventoriesRoutes = ({ db }: ApiDeps) =>
  resourceRoutes({
    param: 'inventory_id',
    schema: inventoryBody,
    present: presentInventory,
    sortable: { name: (i) => i.name },
    list: (p) => inventories.listInventories(db, p),
    get: (p, id) => inventories.getInventory(db, p, id),
    refs: (p, id) => inventories.inventoryRefs(db, p, id),
    create: (c, p, body) => inventories.createInventory(db, c, p, body),
    update: (c, p, id, body) => inventories.updateInventory(db, c, p, id, body),
    remove: (c, p, id) => inventories.deleteInventory(db, c, p, id),
  });
