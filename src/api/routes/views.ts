import { Router } from 'express';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { parse, pathId } from '../validation.ts';
import { presentTemplate, presentView } from '../presenters.ts';
import { viewBody, viewPositionsBody } from '../../contracts/views.ts';
import * as views from '../../services/views.ts';

/** /api/project/{project_id}/views */
export function viewsRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.post('/positions', async (req, res) => {
    await views.setViewPositions(db, caller(res), projectIdOf(res), parse(viewPositionsBody, req.body));
    res.status(204).end();
  });
  r.get('/:view_id/templates', async (req, res) => {
    res.json((await views.viewTemplates(db, projectIdOf(res), pathId(req.params, 'view_id'))).map(presentTemplate));
  });
  r.use(
    resourceRoutes({
      param: 'view_id',
      schema: viewBody,
      present: presentView,
      list: (p) => views.listViews(db, p),
      get: (p, id) => views.getView(db, p, id),
      refs: (p, id) => views.viewRefs(db, p, id),
      create: (c, p, body) => views.createView(db, c, p, body),
      update: (c, p, id, body) => views.updateView(db, c, p, id, body),
      remove: (c, p, id) => views.deleteView(db, c, p, id),
    }),
  );
  return r;
}
