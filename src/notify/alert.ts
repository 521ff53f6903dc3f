// What every alert says, whatever the channel (semaphore-behaviour.md §6.2), and the channels.

export { ALERT_STATUSES, type AlertStatus, isAlertStatus } from '../domain/alert-statuses.ts';

export const CHANNELS = [
  'email',
  'telegram',
  'slack',
  'rocketchat',
  'microsoft_teams',
  'dingtalk',
  'gotify',
  'webhook',
] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name);
}

/** The channel as upstream's log line names it: "Can't send <name> alert! Response code: N". */
export const CHANNEL_NAMES: Record<Channel, string> = {
  email: 'email',
  telegram: 'telegram',
  slack: 'slack',
  rocketchat: 'rocketchat',
  microsoft_teams: 'microsoft teams',
  dingtalk: 'dingtalk',
  gotify: 'gotify',
  webhook: 'webhook',
};

/** The facts of one alert, taken from the task when the alert is sent. */
export interface AlertFacts {
  taskId: number;
  projectId: number;
  templateId: number;
  templateName: string;
  /** The task's status (its raw name: `error`, `success`, …). */
  status: string;
  /** The task's message, as given when it was started (may be empty). */
  message: string;
  /** The build version, or "build <incoming version>" for a deploy; empty when none. */
  version: string;
  /** The name of the user who started the task, or "—". */
  author: string;
  /** `<web_host>/project/<pid>/templates/<tid>?t=<taskId>`. */
  link: string;
}

const STATUS_MARKS: Record<string, string> = {
  error: '❌',
  success: '✅',
  stopped: '⏹️',
  waiting_confirmation: '⚠️',
};

/** The status as alerts show it (§3.1): upper case with its mark, "❌ ERROR". */
export function formattedResult(status: string): string {
  const mark = STATUS_MARKS[status];
  return mark ? `${mark} ${status.toUpperCase()}` : status.toUpperCase();
}

/** The link to the task in the web UI; a trailing slash of `webHost` is not doubled. */
export function taskLink(webHost: string, projectId: number, templateId: number, taskId: number): string {
  return `${webHost.replace(/\/+$/, '')}/project/${projectId}/templates/${templateId}?t=${taskId}`;
}

/** What upstream shows as the version: the task's own, or its build's for a deploy. */
export function alertVersion(version: string | null, buildVersion: string | null | undefined): string {
  if (version) return version;
  if (buildVersion) return `build ${buildVersion}`;
  return '';
}
