// The alert activities: which channels an alert goes to, one delivery per channel (retried by
// Temporal as the workflow's policy says), and the report when a channel gives up. Arguments and
// results carry ids, status and channel names only: URLs, tokens and passwords are read here from
// the configuration, so they never enter workflow history.
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../config/index.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import { isChannel } from '../notify/alert.ts';
import { alertSettingsOf } from '../notify/settings.ts';
import { type AlertContext, alertChannels, reportUndelivered, sendTaskAlert } from '../services/alerts/task-alerts.ts';
import type { Db } from '../store/db.ts';
import { ALERT_NOT_DELIVERED } from '../workflows/failure-types.ts';

export interface AlertActivityDeps {
  db: Db;
  config: Config;
  journal: TaskJournal;
}

export function createAlertActivities(deps: AlertActivityDeps) {
  const context = (): AlertContext => ({
    db: deps.db,
    settings: alertSettingsOf(deps.config),
    webHost: deps.config.webHost,
  });

  return {
    /** The channels (by name) the alert of `status` for the task goes to now. */
    async alertChannels(taskId: number, status: string): Promise<string[]> {
      return alertChannels(context(), taskId, status);
    },

    /** One delivery; a refusal that another try would meet again is not retried. */
    async sendAlert(taskId: number, status: string, channel: string): Promise<void> {
      if (!isChannel(channel)) throw ApplicationFailure.nonRetryable(`unknown channel ${channel}`, ALERT_NOT_DELIVERED);
      const delivery = await sendTaskAlert(context(), taskId, status, channel);
      if (delivery.ok) return;
      throw ApplicationFailure.create({
        message: `${channel}: ${delivery.reason}`,
        type: ALERT_NOT_DELIVERED,
        nonRetryable: delivery.final,
        details: [delivery.reason],
      });
    },

    /** The channel gave up: the task's log and the project's events say so. */
    async alertGaveUp(taskId: number, status: string, channel: string, reason: string): Promise<void> {
      if (!isChannel(channel)) return;
      await reportUndelivered(deps.db, deps.journal, taskId, status, channel, reason);
    },
  };
}
