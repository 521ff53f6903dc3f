// DingTalk robot: a markdown message.
import type { AlertFacts } from './alert.ts';
import { jsonRequest, type HttpRequest } from './http-request.ts';

export function dingTalkRequest(url: string, facts: AlertFacts, text: string): HttpRequest {
  return jsonRequest(url, { msgtype: 'markdown', markdown: { title: `Task: ${facts.templateName}`, text } });
}
