// The statuses a task's alerts are sent for (semaphore-behaviour.md §3.1 "notifiable"): chat
// channels on all three, e-mail on `error` only.
export const ALERT_STATUSES = ['success', 'error', 'waiting_confirmation'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export function isAlertStatus(status: string): status is AlertStatus {
  return (ALERT_STATUSES as readonly string[]).includes(status);
}
