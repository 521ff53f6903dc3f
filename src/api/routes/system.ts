import { Router } from 'express';
import type { ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { ansibleVersion } from '../../executors/ansible-version.ts';
import { authMethods, totpPolicyOf } from './totp.ts';

/** Public: GET /api/ping. */
export function pingRoutes(): Router {
  const r = Router();
  r.get('/ping', (_req, res) => {
    res.type('text/plain').send('pong');
  });
  return r;
}

/** Authenticated: GET /api/info. */
export function infoRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/info', async (_req, res) => {
    // The Temporal Web UI answers anyone who reaches it, for every project's workflows (and may
    // stop or reset them): its address goes to administrators only (README "Web UI").
    const temporalUi =
      caller(res).admin && deps.config.temporalUiUrl
        ? { temporal_ui_url: deps.config.temporalUiUrl, temporal_namespace: deps.config.temporalNamespace }
        : {};
    res.json({
      version: deps.version,
      ansible: await ansibleVersion(deps.config),
      web_host: deps.config.webHost,
      use_remote_runner: deps.config.settings.use_remote_runner,
      schedule_timezone: deps.config.scheduleTimezone,
      auth_methods: authMethods(totpPolicyOf(deps.config)),
      ...temporalUi,
    });
  });
  return r;
}
