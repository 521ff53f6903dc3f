// Slack and Rocket.Chat incoming webhooks: one attachment with upstream's colour per status.
import type { AlertFacts } from './alert.ts';
import { jsonRequest, type HttpRequest } from './http-request.ts';

const OTHER_COLOURS: Record<string, string> = {
  running: '#333CFF',
  waiting: '#FFFC33',
  waiting_confirmation: '#FFFC33',
  stopping: '#BEBEBE',
  stopped: '#5B5B5B',
};

export const SLACK_COLOURS: Record<string, string> = { success: 'good', error: 'danger', ...OTHER_COLOURS };
export const ROCKETCHAT_COLOURS: Record<string, string> = { success: '#00EE00', error: '#EE0000', ...OTHER_COLOURS };

function attachmentMessage(facts: AlertFacts, text: string, colours: Record<string, string>) {
  return {
    attachments: [
      {
        title: `Task: ${facts.templateName}`,
        title_link: facts.link,
        text,
        color: colours[facts.status] ?? '',
        mrkdwn_in: ['text'],
        fields: [
          { title: 'Author', value: facts.author, short: true },
          { title: 'Version', value: facts.version || '—', short: true },
        ],
      },
    ],
  };
}

export function slackRequest(url: string, facts: AlertFacts, text: string): HttpRequest {
  return jsonRequest(url, attachmentMessage(facts, text, SLACK_COLOURS));
}

export function rocketChatRequest(url: string, facts: AlertFacts, text: string): HttpRequest {
  return jsonRequest(url, attachmentMessage(facts, text, ROCKETCHAT_COLOURS));
}
