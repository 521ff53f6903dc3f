// Gotify: POST <url>/message?token=<token>, the message in markdown.
import type { AlertFacts } from './alert.ts';
import { jsonRequest, type HttpRequest } from './http-request.ts';

export function gotifyRequest(baseUrl: string, token: string, facts: AlertFacts, text: string): HttpRequest {
  const url = `${baseUrl.replace(/\/+$/, '')}/message?token=${encodeURIComponent(token)}`;
  return jsonRequest(url, {
    title: `Task: ${facts.templateName}`,
    message: text,
    priority: facts.status === 'error' ? 8 : 5,
    extras: { 'client::display': { contentType: 'text/markdown' } },
  });
}
