// The API reference page: Swagger UI from the swagger-ui-dist package (served from node_modules,
// nothing from the internet), showing /api/openapi.json. "Try it out" calls go out with the
// browser's session cookie, or with a token entered under "Authorize".
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const startScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayOperationId: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** What /api/docs/{file} serves: files of swagger-ui-dist, and the script that starts the page. */
export const REFERENCE_ASSETS: Record<string, { type: string; file?: string; text?: string }> = {
  'swagger-ui.css': { type: 'text/css', file: join(dist, 'swagger-ui.css') },
  'swagger-ui-bundle.js': { type: 'text/javascript', file: join(dist, 'swagger-ui-bundle.js') },
  'start.js': { type: 'text/javascript', text: startScript },
  // Not inline: the Content-Security-Policy (src/api/response-headers.ts) allows no inline style.
  'page.css': { type: 'text/css', text: 'body { margin: 0; } .swagger-ui .topbar { display: none; }\n' },
};

export const referencePage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Signalman API reference</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="stylesheet" href="/api/docs/page.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/start.js"></script>
</body>
</html>
`;

export const referenceAssetName = z.enum(Object.keys(REFERENCE_ASSETS) as [string, ...string[]]);
