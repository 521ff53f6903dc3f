import { Router } from 'express';
import type { ApiDeps } from '../context.ts';
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
    res.json({
      version: deps.version,
      ansible: await ansibleVersion(deps.config),
      web_host: deps.config.webHost,
      use_remote_runner: deps.config.settings.use_remote_runner,
      schedule_timezone: deps.config.scheduleTimezone,
      auth_methods: authMethods(totpPolicyOf(deps.config)),
    });
  });
  return r;
}
