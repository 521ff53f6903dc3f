import type { ApiDeps } from '../context.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { presentKey } from '../presenters.ts';
import { keyBody } from '../../contracts/keys.ts';
import * as keys from '../../services/access-keys.ts';

/** /api/project/{project_id}/keys */
export const keysRoutes = ({ db, encryptionKey }: ApiDeps) =>
  resourceRoutes({
    param: 'key_id',
    schema: keyBody,
    present: presentKey,
    sortable: { name: (k) => k.name, type: (k) => k.type },
    list: (p) => keys.listKeys(db, p),
    get: (p, id) => keys.getKey(db, p, id),
    refs: (p, id) => keys.keyRefs(db, p, id),
    create: (c, p, body) => keys.createKey(db, c, p, body, encryptionKey),
    update: (c, p, id, body) => keys.updateKey(db, c, p, id, body, encryptionKey),
    remove: (c, p, id) => keys.deleteKey(db, c, p, id),
    createdWithoutBody: true,
  });
