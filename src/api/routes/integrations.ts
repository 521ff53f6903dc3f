import { Router, type Request } from 'express';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { integrationPartRoutes } from './integration-parts.ts';
import { pathId } from '../validation.ts';
import {
  presentIntegration,
  presentIntegrationAlias,
  presentIntegrationExtractValue,
  presentIntegrationMatcher,
} from '../presenters.ts';
import { extractValueBody, integrationBody, matcherBody } from '../../contracts/integrations.ts';
import * as integrations from '../../services/integrations.ts';
import * as matchers from '../../services/integration-matchers.ts';
import * as values from '../../services/integration-values.ts';
import * as aliases from '../../services/integration-aliases.ts';

/**
 * /api/project/{project_id}/integrations: integrations, their matchers, extracted values and
 * aliases, and the project-level aliases. `/aliases` is routed before `/{integration_id}`.
 */
export function integrationsRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router({ mergeParams: true });
  r.use(
    '/aliases',
    aliasRoutes(deps, () => null),
  );
  r.use(
    '/:integration_id/aliases',
    aliasRoutes(deps, (req) => pathId(req.params, 'integration_id')),
  );
  r.use(
    '/:integration_id/matchers',
    integrationPartRoutes({
      param: 'matcher_id',
      schema: matcherBody,
      present: presentIntegrationMatcher,
      list: (p, iid) => matchers.listMatchers(db, p, iid),
      get: (p, iid, id) => matchers.getMatcher(db, p, iid, id),
      refs: (p, iid, id) => matchers.matcherRefs(db, p, iid, id),
      create: (c, p, iid, body) => matchers.createMatcher(db, c, p, iid, body),
      update: (c, p, iid, id, body) => matchers.updateMatcher(db, c, p, iid, id, body),
      remove: (c, p, iid, id) => matchers.deleteMatcher(db, c, p, iid, id),
      createdStatus: 200,
    }),
  );
  r.use(
    '/:integration_id/values',
    integrationPartRoutes({
      param: 'value_id',
      schema: extractValueBody,
      present: presentIntegrationExtractValue,
      list: (p, iid) => values.listExtractValues(db, p, iid),
      get: (p, iid, id) => values.getExtractValue(db, p, iid, id),
      refs: (p, iid, id) => values.extractValueRefs(db, p, iid, id),
      create: (c, p, iid, body) => values.createExtractValue(db, c, p, iid, body),
      update: (c, p, iid, id, body) => values.updateExtractValue(db, c, p, iid, id, body),
      remove: (c, p, iid, id) => values.deleteExtractValue(db, c, p, iid, id),
      createdStatus: 201,
    }),
  );
  r.use(
    resourceRoutes({
      param: 'integration_id',
      schema: integrationBody,
      present: presentIntegration,
      list: (p) => integrations.listIntegrations(db, p),
      get: (p, id) => integrations.getIntegration(db, p, id),
      refs: (p, id) => integrations.integrationRefs(db, p, id),
      create: (c, p, body) => integrations.createIntegration(db, c, p, body),
      update: (c, p, id, body) => integrations.updateIntegration(db, c, p, id, body),
      remove: (c, p, id) => integrations.deleteIntegration(db, c, p, id),
    }),
  );
  return r;
}

/** Aliases of one integration, or (scope null) of the whole project. POST takes no body. */
function aliasRoutes({ db, config }: ApiDeps, scope: (req: Request) => number | null): Router {
  const r = Router({ mergeParams: true });
  const base = (req: Request) => config.webHost || `${req.protocol}://${req.get('host')}`;
  r.get('/', async (req, res) => {
    const rows = await aliases.listAliases(db, projectIdOf(res), scope(req));
    res.json(rows.map((a) => presentIntegrationAlias(a, base(req))));
  });
  r.post('/', async (req, res) => {
    const row = await aliases.createAlias(db, caller(res), projectIdOf(res), scope(req));
    res.status(200).json(presentIntegrationAlias(row, base(req)));
  });
  r.delete('/:alias_id', async (req, res) => {
    await aliases.deleteAlias(db, caller(res), projectIdOf(res), scope(req), pathId(req.params, 'alias_id'));
    res.status(204).end();
  });
  return r;
}
