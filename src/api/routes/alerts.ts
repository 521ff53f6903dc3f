import { Router } from 'express';
import { caller } from '../auth.ts';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { alertSettingsOf } from '../../notify/settings.ts';
import { sendTestAlerts, TestAlertThrottle } from '../../services/alerts/test-alerts.ts';

/** POST /api/project/{project_id}/alerts/test (managers and owners): a test message on every enabled channel. */
export function alertRoutes({ db, config }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  const throttle = new TestAlertThrottle();
  r.post('/test', async (_req, res) => {
    const projectId = projectIdOf(res);
    const who = caller(res);
    throttle.take(projectId, who.id);
    const ctx = { db, settings: alertSettingsOf(config), webHost: config.webHost };
    res.status(200).json(await sendTestAlerts(ctx, projectId, who.username));
  });
  return r;
}
