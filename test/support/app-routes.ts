// Every method and path the Express application routes, read from createApp's router stack, so
// that tables of routes in tests can be checked for completeness: a new route without a row fails.
import { createApp } from '../../src/api/app.ts';
import type { ApiDeps } from '../../src/api/context.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: unknown;
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[], prefix: string, out: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path === '/' ? prefix || '/' : `${prefix}${layer.route.path}`;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') out.add(`${method.toUpperCase()} ${path}`);
      }
    } else if (layer.handle?.stack) {
      if (typeof layer.rawPath !== 'string')
        throw new Error(`cannot read the mount path of a router: ${String(layer.rawPath)}`);
      walk(layer.handle.stack, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`, out);
    }
  }
}

/** `METHOD /path/:param` for every route of the application, e.g. `PUT /api/project/:project_id/keys/:key_id`. */
export function appRoutes(): string[] {
  // Building the app touches no dependency: handlers only use them when called.
  const deps = { db: {}, config: {}, engine: {}, encryptionKey: null, version: 'test' } as unknown as ApiDeps;
  const app = createApp(deps) as unknown as { router: { stack: Layer[] } };
  const out = new Set<string>();
  walk(app.router.stack, '', out);
  if (out.size < 50) throw new Error(`only ${out.size} routes found: has the router's internal layout changed?`);
  return [...out].sort();
}

/** The routes of `table` that the app lacks, and the app's routes that `table` lacks. */
export function compareRoutes(
  table: Iterable<string>,
  routes = appRoutes(),
): { missingRows: string[]; staleRows: string[] } {
  const rows = new Set(table);
  const app = new Set(routes);
  return {
    missingRows: routes.filter((r) => !rows.has(r)),
    staleRows: [...rows].filter((r) => !app.has(r)),
  };
}
