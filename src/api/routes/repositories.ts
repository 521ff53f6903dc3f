import type { ApiDeps } from '../context.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { presentRepository } from '../presenters.ts';
import { repositoryBody } from '../../contracts/repositories.ts';
import * as repositories from '../../services/repositories.ts';

/** /api/project/{project_id}/repositories */
export const repositoriesRoutes = ({ db }: ApiDeps) =>
  resourceRoutes({
    param: 'repository_id',
    schema: repositoryBody,
    present: presentRepository,
    sortable: { name: (r) => r.name },
    list: (p) => repositories.listRepositories(db, p),
    get: (p, id) => repositories.getRepository(db, p, id),
    refs: (p, id) => repositories.repositoryRefs(db, p, id),
    create: (c, p, body) => repositories.createRepository(db, c, p, body),
    update: (c, p, id, body) => repositories.updateRepository(db, c, p, id, body),
    remove: (c, p, id) => repositories.deleteRepository(db, c, p, id),
    createdWithoutBody: true,
  });
