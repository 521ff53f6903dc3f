// Alerts of a task's status change (semaphore-behaviour.md §6.2): which channels it goes to, one
// delivery on one channel, and what is written when a channel gives up. Settings are passed in:
// channel URLs, tokens and passwords are read here, in the activity's process, and never travel
// through workflow arguments or results.
import type { AlertSettings } from '../../config/settings/alerts.ts';
import type { TaskJournal } from '../../journal/task-journal.ts';
import {
  type AlertFacts,
  alertVersion,
  CHANNEL_NAMES,
  type Channel,
  isAlertStatus,
  taskLink,
} from '../../notify/alert.ts';
import { type AlertAudience, channelsFor, deliver } from '../../notify/channels.ts';
import type { MailTls } from '../../notify/email.ts';
import type { Delivery } from '../../notify/http-request.ts';
import { alertRecipients, taskForAlert } from '../../store/alerts.ts';
import type { Db } from '../../store/db.ts';
import { writeEvent } from '../events.ts';

export interface AlertContext {
  db: Db;
  settings: AlertSettings;
  /** config.webHost: the public URL the links start with. */
  webHost: string;
  /** Extra trust for the SMTP server's certificate (tests). */
  mailTls?: MailTls;
}

/** The channels the alert of `status` for task `taskId` goes to; none when the task is gone. */
export async function alertChannels(ctx: AlertContext, taskId: number, status: string): Promise<Channel[]> {
  if (!isAlertStatus(status)) return [];
  const found = await taskForAlert(ctx.db, taskId);
  if (!found?.template) return [];
  const channels = channelsFor(ctx.settings, status, {
    projectAlert: found.task.project.alert,
    suppressSuccess: found.template.suppress_success_alerts,
  });
  // No member has alerts on: upstream sends no e-mail, and there is nothing to report.
  if (channels.includes('email') && (await alertRecipients(ctx.db, found.task.project_id)).length === 0)
    return channels.filter((c) => c !== 'email');
  return channels;
}

/** Sends the alert of `status` on `channel`, from what is stored about the task now. */
export async function sendTaskAlert(
  ctx: AlertContext,
  taskId: number,
  status: string,
  channel: Channel,
): Promise<Delivery> {
  const found = await taskForAlert(ctx.db, taskId);
  if (!found?.template) return { ok: false, code: 0, final: true, reason: `task ${taskId} no longer exists` };
  const { task, template } = found;
  const facts: AlertFacts = {
    taskId,
    projectId: task.project_id,
    templateId: task.template_id,
    templateName: template.name,
    status,
    message: task.message,
    version: alertVersion(task.version, task.build_task_id === null ? null : found.buildVersion),
    author: found.authorName || '—',
    link: taskLink(ctx.webHost, task.project_id, task.template_id, taskId),
  };
  const audience: AlertAudience = {
    telegramChat: task.project.alert_chat ?? '',
    emailRecipients: channel === 'email' ? await alertRecipients(ctx.db, task.project_id) : [],
  };
  return deliver(channel, ctx.settings, facts, audience, { tls: ctx.mailTls });
}

/** Upstream's line in the task's log. `reason` is "Response code: N" or says why there was none. */
export function undeliveredLine(channel: Channel, reason: string): string {
  return `Can't send ${CHANNEL_NAMES[channel]} alert! ${reason}`;
}

/**
 * A channel gave up on the alert: the task's log gets upstream's line and the project's activity
 * log an event. Neither names more than the channel and the reason (no URL, token or password).
 */
export async function reportUndelivered(
  db: Db,
  journal: TaskJournal,
  taskId: number,
  status: string,
  channel: Channel,
  reason: string,
): Promise<void> {
  const found = await taskForAlert(db, taskId);
  if (!found) return;
  await journal.log(taskId, undeliveredLine(channel, reason));
  await writeEvent(db, {
    project_id: found.task.project_id,
    object_type: 'task',
    object_id: taskId,
    description: `Task ID ${taskId}: the ${CHANNEL_NAMES[channel]} alert (${status}) was not delivered - ${reason}`,
  });
}
