// Signalman's web UI (web/): setup builds it into .tools/build/web (scripts/web-build.mjs) and the
// API serves it here, after /api. Hashed files under /assets are cached for a year; index.html
// answers every other GET outside /api (the UI's router takes the path from there), never cached,
// with a Content-Security-Policy that allows only the UI's own files: no inline script or style,
// no other origin. /api paths never reach this: their 404s stay the API's JSON.
import { CONTENT_SECURITY_POLICY } from './response-headers.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { projectRoot } from '../paths.ts';

/**
 * Where setup puts the built UI; SIGNALMAN_WEB_UI_DIR (development and tests only) serves one built
 * elsewhere, e.g. by a worktree whose .tools folder is shared with others.
 */
export const WEB_UI_DIR = process.env.SIGNALMAN_WEB_UI_DIR || resolve(projectRoot, '.tools', 'build', 'web');

/** The UI's policy is every answer's (response-headers.ts): its own scripts, styles, images and API
 * (including the /api/ws socket), nothing else. Set here too so the UI's pages carry it on their own. */
export const WEB_UI_CSP = CONTENT_SECURITY_POLICY;

const YEAR_SECONDS = 365 * 24 * 3600;

const pageHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': WEB_UI_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
  });
  next();
};

/** Routes for the UI built in `dir`; when it is not built, a plain page says how to build it. */
export function webUiRoutes(dir = WEB_UI_DIR): Router {
  const r = Router();
  const indexFile = join(dir, 'index.html');
  const built = existsSync(indexFile);
  let index: Buffer | undefined;
  r.use((req, _res, next) => {
    // Only reads, and never under /api (mounted before this router, but say it here too).
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/api(\/|$)/.test(req.path)) return next('router');
    next();
  });
  r.use(pageHeaders);
  if (!built) {
    r.use((_req, res) => {
      res
        .status(404)
        .type('text/plain')
        .send("Signalman's web UI is not built here: `npm run setup` builds it into .tools/build/web.\n");
    });
    return r;
  }
  // Content-hashed names: a changed file has a new name, so the old one may be kept for good.
  r.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      immutable: true,
      maxAge: YEAR_SECONDS * 1000,
      index: false,
      dotfiles: 'deny',
    }),
  );
  // A file the build does not have (an old page's asset after an upgrade): a plain 404, no path in it.
  r.use('/assets', (_req, res) => void res.status(404).type('text/plain').send('no such file\n'));
  // Other files at the top that the build copied from web/public (the favicon), revalidated each
  // time; not index.html (answered below) nor the build's stamp.
  const topFiles = new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name !== 'index.html' && e.name !== 'stamp.json')
      .map((e) => `/${e.name}`),
  );
  r.use((req, res, next) => {
    if (!topFiles.has(req.path)) return next();
    res.set('Cache-Control', 'no-cache').sendFile(join(dir, req.path.slice(1)));
  });
  r.use((_req, res) => {
    index ??= readFileSync(indexFile);
    res.status(200).type('text/html').set('Cache-Control', 'no-cache').send(index);
  });
  return r;
}
