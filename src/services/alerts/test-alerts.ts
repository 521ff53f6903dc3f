// POST /api/project/{id}/alerts/test: a test message on every channel switched on in the settings,
// sent at once (no retries) so a manager sees which channels work. E-mail goes to the project's
// members with alerts on, as a real alert would. The project's own `alert` flag is reported, not
// required: a manager checks the channels before switching alerts on.
import { type AlertFacts, type Channel, CHANNEL_NAMES } from '../../notify/alert.ts';
import { deliver, enabledChannels } from '../../notify/channels.ts';
import { alertRecipients, projectAlertSettings } from '../../store/alerts.ts';
import { NotFoundError, TooManyRequestsError } from '../errors.ts';
import type { AlertContext } from './task-alerts.ts';

export const TEST_ALERT_TITLE = 'Signalman test alert';

/** How often one user may send test alerts for one project: the channels are other people's chats. */
export const TEST_ALERT_EVERY_MS = 10_000;

/** When each user last sent test alerts for each project, in this process. */
export class TestAlertThrottle {
  private readonly lastSent = new Map<string, number>();

  /** Notes a test by `userId` for `projectId`, or refuses it (429) within TEST_ALERT_EVERY_MS of the last. */
  take(projectId: number, userId: number, now = Date.now()): void {
    const key = `${projectId}/${userId}`;
    const waitMs = (this.lastSent.get(key) ?? Number.NEGATIVE_INFINITY) + TEST_ALERT_EVERY_MS - now;
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new TooManyRequestsError(`test alerts were sent a moment ago; try again in ${seconds} s`, seconds);
    }
    for (const [k, at] of this.lastSent) if (at + TEST_ALERT_EVERY_MS <= now) this.lastSent.delete(k);
    this.lastSent.set(key, now);
  }
}

export interface TestAlertAnswer {
  project_alert: boolean;
  channels: Array<{ channel: Channel; sent: boolean; reason?: string }>;
}

export async function sendTestAlerts(ctx: AlertContext, projectId: number, author: string): Promise<TestAlertAnswer> {
  const project = await projectAlertSettings(ctx.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId} not found`);
  const channels = enabledChannels(ctx.settings);
  const facts: AlertFacts = {
    taskId: 0,
    projectId,
    templateId: 0,
    templateName: TEST_ALERT_TITLE,
    status: 'success',
    message: 'A test message: this channel works.',
    version: '',
    author: author || '—',
    link: `${ctx.webHost.replace(/\/+$/, '')}/project/${projectId}`,
  };
  const audience = {
    telegramChat: project.alert_chat ?? '',
    emailRecipients: channels.includes('email') ? await alertRecipients(ctx.db, projectId) : [],
  };
  const results = await Promise.all(
    channels.map(async (channel) => {
      const d = await deliver(channel, ctx.settings, facts, audience, {
        tls: ctx.mailTls,
        emailSubject: TEST_ALERT_TITLE,
      });
      return d.ok
        ? { channel, sent: true }
        : { channel, sent: false, reason: `${CHANNEL_NAMES[channel]}: ${d.reason}` };
    }),
  );
  return { project_alert: project.alert, channels: results };
}
