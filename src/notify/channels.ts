// Which channels an alert goes to (§6.2), and one delivery on one channel: the request built by
// the channel's pure function from the settings, the facts and the channel's template, then sent.
import type { AlertSettings } from '../config/settings/alerts.ts';
import { type AlertFacts, type Channel, CHANNELS } from './alert.ts';
import { dingTalkRequest } from './dingtalk.ts';
import { alertMail, type MailTls, oneLine, sendMail } from './email.ts';
import { gotifyRequest } from './gotify.ts';
import { type Delivery, type HttpRequest, post } from './http-request.ts';
import { rocketChatRequest, slackRequest } from './slack.ts';
import { teamsRequest } from './teams.ts';
import { telegramRequest } from './telegram.ts';
import { asIs, escapeHtml, escapeSlack, loadTemplate, render } from './templates.ts';
import { webhookRequest } from './webhook.ts';

/** The channels switched on in the settings (`<channel>_alert`). */
export function enabledChannels(settings: AlertSettings): Channel[] {
  return CHANNELS.filter((c) => settings[`${c}_alert`]);
}

/** Where the project stands on alerts, and whether the template keeps quiet on success. */
export interface AlertScope {
  projectAlert: boolean;
  suppressSuccess: boolean;
}

/**
 * The channels an alert of `status` goes to: none unless the project has alerts on; chat channels
 * (and the webhook) on success, error and waiting_confirmation, success only unless the template
 * suppresses it; e-mail on error only.
 */
export function channelsFor(settings: AlertSettings, status: string, scope: AlertScope): Channel[] {
  if (!scope.projectAlert) return [];
  return enabledChannels(settings).filter((c) => {
    if (c === 'email') return status === 'error';
    if (status === 'success') return !scope.suppressSuccess;
    return status === 'error' || status === 'waiting_confirmation';
  });
}

/** Who the alert goes to on the channels that need it. */
export interface AlertAudience {
  /** The project's alert_chat, which overrides telegram_chat; empty: telegram_chat. */
  telegramChat: string;
  /** E-mail addresses of the project members with alerts on. */
  emailRecipients: string[];
}

const missing = (setting: string): Delivery => ({ ok: false, code: 0, final: true, reason: `${setting} is not set` });

/** The HTTP request of a chat channel, or the setting it lacks. */
export async function chatRequest(
  channel: Exclude<Channel, 'email'>,
  settings: AlertSettings,
  facts: AlertFacts,
  audience: Pick<AlertAudience, 'telegramChat'>,
): Promise<HttpRequest | string> {
  const dir = settings.alert_templates_dir;
  switch (channel) {
    case 'telegram': {
      if (!settings.telegram_token) return 'telegram_token';
      const chat = audience.telegramChat || settings.telegram_chat;
      if (!chat) return 'telegram_chat';
      const text = render(await loadTemplate(dir, 'telegram'), facts, escapeHtml);
      return telegramRequest(settings.telegram_api_url, settings.telegram_token, chat, text);
    }
    case 'slack':
      if (!settings.slack_url) return 'slack_url';
      return slackRequest(settings.slack_url, facts, render(await loadTemplate(dir, 'slack'), facts, escapeSlack));
    case 'rocketchat':
      if (!settings.rocketchat_url) return 'rocketchat_url';
      return rocketChatRequest(
        settings.rocketchat_url,
        facts,
        render(await loadTemplate(dir, 'rocketchat'), facts, escapeSlack),
      );
    case 'microsoft_teams':
      if (!settings.microsoft_teams_url) return 'microsoft_teams_url';
      return teamsRequest(
        settings.microsoft_teams_url,
        facts,
        render(await loadTemplate(dir, 'microsoft_teams'), facts, asIs),
      );
    case 'dingtalk':
      if (!settings.dingtalk_url) return 'dingtalk_url';
      return dingTalkRequest(settings.dingtalk_url, facts, render(await loadTemplate(dir, 'dingtalk'), facts, asIs));
    case 'gotify':
      if (!settings.gotify_url) return 'gotify_url';
      if (!settings.gotify_token) return 'gotify_token';
      return gotifyRequest(
        settings.gotify_url,
        settings.gotify_token,
        facts,
        render(await loadTemplate(dir, 'gotify'), facts, asIs),
      );
    case 'webhook':
      if (!settings.webhook_url) return 'webhook_url';
      return webhookRequest(settings.webhook_url, settings.webhook_secret, facts);
  }
}

/** Sends the alert on one channel; the answer says whether it arrived, and if not whether to try again. */
export async function deliver(
  channel: Channel,
  settings: AlertSettings,
  facts: AlertFacts,
  audience: AlertAudience,
  options: { tls?: MailTls; emailSubject?: string } = {},
): Promise<Delivery> {
  if (channel === 'email') {
    if (!settings.email_host) return missing('email_host');
    if (!settings.email_sender) return missing('email_sender');
    if (!audience.emailRecipients.length)
      return { ok: false, code: 0, final: true, reason: 'no project member has alerts on' };
    const html = render(await loadTemplate(settings.alert_templates_dir, 'email'), facts, escapeHtml);
    const mail = alertMail(facts, settings.email_sender, audience.emailRecipients, html);
    if (options.emailSubject) mail.subject = oneLine(options.emailSubject);
    return sendMail(settings, mail, options.tls);
  }
  const request = await chatRequest(channel, settings, facts, audience);
  if (typeof request === 'string') return missing(request);
  return post(request);
}
