import { Router } from 'express';
import { caller } from '../auth.ts';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { alertSettingsOf } from '../../notify/settings.ts';
import { sendTestAlerts } from '../../services/alerts/test-alerts.ts';
import { TooManyRequestsError } from '../../services/errors.ts';

/** How often one user may send test alerts for one project: the channels are other people's chats. */
export const TEST_ALERT_EVERY_MS = 10_000;

/** POST /api/project/{project_id}/alerts/test (managers and owners): a test message on every enabled channel. */
export function alertRoutes({ db, config }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  /** When each user last sent test alerts for each project (`<project>/<user>`), in this process. */
  const lastSent = new Map<string, number>();
  r.post('/test', async (_req, res) => {
    const projectId = projectIdOf(res);
    const who = caller(res);
    const key = `${projectId}/${who.id}`;
    const now = Date.now();
    const waitMs = (lastSent.get(key) ?? Number.NEGATIVE_INFINITY) + TEST_ALERT_EVERY_MS - now;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new TooManyRequestsError(`test alerts were sent a moment ago; try again in ${seconds} s`, seconds);
    }
    lastSent.set(key, now);
    for (const [k, at] of lastSent) if (at + TEST_ALERT_EVERY_MS <= now) lastSent.delete(k);
    const ctx = { db, settings: alertSettingsOf(config), webHost: config.webHost };
    res.status(200).json(await sendTestAlerts(ctx, projectId, who.username));
  });
  return r;
}
