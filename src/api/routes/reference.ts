import { Router } from 'express';
import { openApiJson } from '../openapi/document.ts';
import { REFERENCE_ASSETS, referenceAssetName, referencePage } from '../openapi/reference-page.ts';
import { NotFoundError } from '../../services/errors.ts';

/** Public: GET /api/openapi.json, the API reference page at /api/docs and the page's files. */
export function referenceRoutes(): Router {
  const r = Router();
  let document: string | undefined;
  r.get('/openapi.json', (_req, res) => {
    document ??= openApiJson();
    res.type('application/json').send(document);
  });
  r.get('/docs', (_req, res) => {
    res.type('text/html').send(referencePage);
  });
  r.get('/docs/:file', (req, res) => {
    const name = referenceAssetName.safeParse(req.params.file);
    if (!name.success) throw new NotFoundError(`the reference page has no file ${req.params.file}`);
    const asset = REFERENCE_ASSETS[name.data];
    res.type(asset.type).set('Cache-Control', 'public, max-age=3600');
    if (asset.file) res.sendFile(asset.file);
    else res.send(asset.text);
  });
  return r;
}
