import { z } from 'zod';

/**
 * Settings of alerts and the mailer (semaphore-behaviour.md §6.2, §8.1, §8.2), keys as in
 * Semaphore's config.json, plus Signalman's own: the Telegram API's base URL, a folder of message
 * templates and a signed webhook channel.
 */

const flag = (env: string | string[], description: string) => z.boolean().default(false).meta({ env, description });
const text = (env: string | string[], description: string) => z.string().default('').meta({ env, description });
const secret = (env: string | string[], description: string) =>
  z.string().default('').meta({ env, secret: true, description });

const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

export const alertSettings = {
  email_alert: flag('SEMAPHORE_EMAIL_ALERT', 'Send an e-mail to every project member with alerts on when a task fails'),
  email_sender: text('SEMAPHORE_EMAIL_SENDER', 'The From address of alert e-mails'),
  email_host: text('SEMAPHORE_EMAIL_HOST', 'SMTP server host name'),
  email_port: z
    .string()
    .default('')
    .refine((p) => /^(|[0-9]{1,5})$/.test(p), 'email_port must be a port number (up to 5 digits) or empty')
    .meta({
      env: 'SEMAPHORE_EMAIL_PORT',
      description: 'SMTP server port (text, as in Semaphore); empty: 465 with email_tls, else 25',
    }),
  email_username: text('SEMAPHORE_EMAIL_USERNAME', 'SMTP user name, used when email_secure is on'),
  email_password: secret('SEMAPHORE_EMAIL_PASSWORD', 'SMTP password, used when email_secure is on'),
  email_secure: flag(
    'SEMAPHORE_EMAIL_SECURE',
    'Authenticate to the SMTP server (PLAIN/LOGIN) with the user name and password',
  ),
  email_tls: flag(
    'SEMAPHORE_EMAIL_TLS',
    'Connect to the SMTP server over TLS from the start (implicit TLS, usually port 465)',
  ),
  email_tls_min_version: z
    .enum(TLS_VERSIONS, { error: 'email_tls_min_version must be 1.0, 1.1, 1.2 or 1.3' })
    .default('1.2')
    .meta({ env: 'SEMAPHORE_EMAIL_TLS_MIN_VERSION', description: 'Lowest TLS version accepted from the SMTP server' }),

  telegram_alert: flag('SEMAPHORE_TELEGRAM_ALERT', 'Send chat alerts through a Telegram bot'),
  telegram_chat: text(
    'SEMAPHORE_TELEGRAM_CHAT',
    "Telegram chat id the bot writes to (a project's alert_chat overrides it)",
  ),
  telegram_token: secret('SEMAPHORE_TELEGRAM_TOKEN', 'Telegram bot token'),
  telegram_api_url: z
    .string()
    .default('https://api.telegram.org')
    .refine((u) => /^https?:\/\/[^\s]+$/.test(u), 'telegram_api_url must be an http(s) URL')
    .meta({
      env: 'SIGNALMAN_TELEGRAM_API_URL',
      description: "Base URL of Telegram's Bot API (a proxy, or a test peer)",
    }),

  slack_alert: flag('SEMAPHORE_SLACK_ALERT', 'Send chat alerts to a Slack incoming webhook'),
  slack_url: secret('SEMAPHORE_SLACK_URL', 'Slack incoming webhook URL (it carries its token)'),

  rocketchat_alert: flag('SEMAPHORE_ROCKETCHAT_ALERT', 'Send chat alerts to a Rocket.Chat incoming webhook'),
  rocketchat_url: secret('SEMAPHORE_ROCKETCHAT_URL', 'Rocket.Chat incoming webhook URL (it carries its token)'),

  microsoft_teams_alert: flag('SEMAPHORE_MICROSOFT_TEAMS_ALERT', 'Send chat alerts to a Microsoft Teams webhook'),
  microsoft_teams_url: secret('SEMAPHORE_MICROSOFT_TEAMS_URL', 'Microsoft Teams webhook URL (it carries its token)'),

  dingtalk_alert: flag('SEMAPHORE_DINGTALK_ALERT', 'Send chat alerts to a DingTalk robot'),
  dingtalk_url: secret('SEMAPHORE_DINGTALK_URL', 'DingTalk robot webhook URL (it carries its access token)'),

  gotify_alert: flag('SEMAPHORE_GOTIFY_ALERT', 'Send alerts to a Gotify server'),
  gotify_url: text('SEMAPHORE_GOTIFY_URL', 'Base URL of the Gotify server'),
  gotify_token: secret('SEMAPHORE_GOTIFY_TOKEN', 'Gotify application token'),

  webhook_alert: flag(
    'SIGNALMAN_WEBHOOK_ALERT',
    'POST every alert as a signed JSON event to webhook_url (Signalman only)',
  ),
  webhook_url: secret('SIGNALMAN_WEBHOOK_URL', 'Where the alert webhook is POSTed (may carry a token)'),
  webhook_secret: secret(
    'SIGNALMAN_WEBHOOK_SECRET',
    'Key of the X-Signalman-Signature HMAC-SHA256 of each alert webhook',
  ),

  alert_templates_dir: text(
    'SIGNALMAN_ALERT_TEMPLATES_DIR',
    'Folder of message templates that replace the built-in ones (telegram.html, email.html, …)',
  ),
};

export type AlertSettings = z.infer<z.ZodObject<typeof alertSettings>>;
