import type { ApiDeps } from '../context.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { presentEnvironment } from '../presenters.ts';
import { environmentBody } from '../../contracts/environments.ts';
import * as environments from '../../services/environments.ts';
import { Permission } from '../../services/permissions.ts';

/** /api/project/{project_id}/environment */
export const environmentsRoutes = ({ db, encryptionKey }: ApiDeps) =>
  resourceRoutes({
    param: 'environment_id',
    schema: environmentBody,
    // The vault password, for those who may edit environments (guests and task runners may not).
    present: (env: Awaited<ReturnType<typeof environments.getEnvironment>>, viewer) =>
      presentEnvironment(env, (viewer.permissions & Permission.manageProjectResources) !== 0),
    sortable: { name: (e) => e.name },
    list: (p) => environments.listEnvironments(db, p),
    get: (p, id) => environments.getEnvironment(db, p, id),
    refs: (p, id) => environments.environmentRefs(db, p, id),
    create: (c, p, body) => environments.createEnvironment(db, c, p, body, encryptionKey),
    update: (c, p, id, body) => environments.updateEnvironment(db, c, p, id, body, encryptionKey),
    remove: (c, p, id) => environments.deleteEnvironment(db, c, p, id),
    createdWithoutBody: true,
  });
