// Microsoft Teams (Workflows / incoming webhook): an Adaptive Card 1.4 with the facts and a link.
import { type AlertFacts, formattedResult } from './alert.ts';
import { jsonRequest, type HttpRequest } from './http-request.ts';

export function teamsRequest(url: string, facts: AlertFacts, text: string): HttpRequest {
  return jsonRequest(url, {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: `Task: ${facts.templateName}`, wrap: true },
            { type: 'TextBlock', text, wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Task', value: facts.templateName },
                { title: 'Status', value: formattedResult(facts.status) },
                { title: 'Task ID', value: `#${facts.taskId}` },
                { title: 'Author', value: facts.author },
                { title: 'Version', value: facts.version || '—' },
              ],
            },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Task URL', url: facts.link }],
          msteams: { width: 'Full' },
        },
      },
    ],
  });
}
