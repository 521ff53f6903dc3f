// Signalman's own channel: a JSON event POSTed to webhook_url, signed with webhook_secret
// (`X-Signalman-Signature: sha256=<hex HMAC-SHA256 of the body>`), so a receiver can check
// that the event came from this server. Without a secret the header is left out.
import { createHmac } from 'node:crypto';
import { type AlertFacts, formattedResult } from './alert.ts';
import { jsonRequest, type HttpRequest } from './http-request.ts';

export const SIGNATURE_HEADER = 'X-Signalman-Signature';

export function alertEvent(facts: AlertFacts) {
  return {
    event: 'task.alert',
    task_id: facts.taskId,
    project_id: facts.projectId,
    template_id: facts.templateId,
    template_name: facts.templateName,
    status: facts.status,
    result: formattedResult(facts.status),
    message: facts.message,
    version: facts.version,
    author: facts.author,
    url: facts.link,
  };
}

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function webhookRequest(url: string, secret: string, facts: AlertFacts): HttpRequest {
  const request = jsonRequest(url, alertEvent(facts));
  if (secret) request.headers[SIGNATURE_HEADER] = signature(secret, request.body);
  return request;
}
