import type { ApiDeps } from '../context.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { presentTemplate } from '../presenters.ts';
import { templateBody } from '../../contracts/templates.ts';
import * as templates from '../../services/templates.ts';

/** /api/project/{project_id}/templates */
export const templatesRoutes = ({ db, config }: ApiDeps) =>
  resourceRoutes({
    param: 'template_id',
    schema: templateBody,
    present: presentTemplate,
    sortable: { name: (t) => t.name, playbook: (t) => t.playbook },
    list: (p) => templates.listTemplates(db, p),
    get: (p, id) => templates.getTemplate(db, p, id),
    refs: (p, id) => templates.templateRefs(db, p, id),
    create: (c, p, body) => templates.createTemplate(db, config.apps, c, p, body),
    update: (c, p, id, body) => templates.updateTemplate(db, config.apps, c, p, id, body),
    remove: (c, p, id) => templates.deleteTemplate(db, c, p, id),
  });
