// Alerts: a test message on every channel the server has switched on.
import { z } from 'zod';
import { Permission } from '../../../services/permissions.ts';
import { CHANNELS } from '../../../notify/alert.ts';
import { named, type ApiOperation } from '../operation.ts';

const testAnswer = named(
  'AlertTestResult',
  z.object({
    project_alert: z.boolean().describe("The project's own `alert` flag: real alerts are sent only when it is on."),
    channels: z.array(
      z.object({
        channel: z.enum(CHANNELS),
        sent: z.boolean(),
        reason: z
          .string()
          .optional()
          .describe(
            'Why it was not sent: the response code, the kind of network error, or the setting that is missing.',
          ),
      }),
    ),
  }),
);

export const alertOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/project/{project_id}/alerts/test',
    id: 'testProjectAlerts',
    tag: 'Projects',
    access: { project: { write: Permission.manageProjectResources } },
    summary: 'Send a test alert on every enabled channel',
    description:
      'Signalman only. Sends a test message at once (no retries) on every channel switched on in the server settings ' +
      "(`telegram_alert`, `slack_alert`, … `email_alert`, `webhook_alert`), with the project's `alert_chat` for Telegram " +
      'and e-mail to the members who have alerts on; answers which channels took it. Managers and owners, ' +
      'each at most once every 10 seconds per project.',
    response: { status: 200, description: 'Each enabled channel, and whether it took the message.', body: testAnswer },
    otherResponses: {
      429: 'This user sent test alerts for this project less than 10 seconds ago; `Retry-After` says how many seconds to wait.',
    },
  },
];
