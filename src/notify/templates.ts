// The text of each channel's message: built-in templates, each replaceable by a file of the same
// name in `alert_templates_dir`. A template is text with `{{field}}` placeholders; each channel
// escapes the values for its format (HTML for Telegram and e-mail, Slack's three characters for
// Slack and Rocket.Chat, nothing for markdown), so a template name cannot inject markup.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AlertFacts, formattedResult } from './alert.ts';

export const TEMPLATE_FILES = {
  telegram: 'telegram.html',
  slack: 'slack.txt',
  rocketchat: 'rocketchat.txt',
  microsoft_teams: 'microsoft_teams.txt',
  dingtalk: 'dingtalk.md',
  gotify: 'gotify.md',
  email: 'email.html',
} as const;
export type TemplateName = keyof typeof TEMPLATE_FILES;

export const BUILT_IN_TEMPLATES: Record<TemplateName, string> = {
  telegram:
    '<b>Task: {{name}}</b>\n' +
    'execution #{{task_id}}, status: <b>{{result}}</b>\n' +
    'Version: {{version}}\n' +
    'Author: {{author}}\n' +
    '<a href="{{link}}">{{link}}</a>',
  slack: 'execution #{{task_id}}, status: {{result}}!',
  rocketchat: 'execution #{{task_id}}, status: {{result}}!',
  microsoft_teams: 'Task {{name}} (#{{task_id}}): {{result}}',
  dingtalk:
    '### Task: {{name}}\n\n' +
    'execution #{{task_id}}, status: **{{result}}**\n\n' +
    '- Version: {{version}}\n' +
    '- Author: {{author}}\n\n' +
    '[{{link}}]({{link}})',
  gotify:
    'execution #{{task_id}}, status: **{{result}}**\n\n' +
    '- Version: {{version}}\n' +
    '- Author: {{author}}\n\n' +
    '[{{link}}]({{link}})',
  email:
    '<html><body>\n' +
    "<p>Task {{task_id}} with template '{{name}}' has failed!</p>\n" +
    '<p>Task log: <a href="{{link}}">{{link}}</a></p>\n' +
    '</body></html>\n',
};

export type Escape = (value: string) => string;

export const escapeHtml: Escape = (v) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Slack's and Rocket.Chat's message text: &, < and > are control characters. */
export const escapeSlack: Escape = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const asIs: Escape = (v) => v;

/** The values a template can name. */
export function templateFields(facts: AlertFacts): Record<string, string> {
  return {
    name: facts.templateName,
    task_id: String(facts.taskId),
    project_id: String(facts.projectId),
    template_id: String(facts.templateId),
    status: facts.status,
    result: formattedResult(facts.status),
    message: facts.message,
    version: facts.version || '—',
    author: facts.author,
    link: facts.link,
  };
}

/** Fills `{{field}}` placeholders with escaped values; an unknown name is left as written. */
export function render(template: string, facts: AlertFacts, escapeValue: Escape): string {
  const fields = templateFields(facts);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(fields, name) ? escapeValue(fields[name]) : whole,
  );
}

/** The template for `name`: the administrator's file in `dir` when there is one, else the built-in one. */
export async function loadTemplate(dir: string, name: TemplateName): Promise<string> {
  if (!dir) return BUILT_IN_TEMPLATES[name];
  try {
    return await readFile(join(dir, TEMPLATE_FILES[name]), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return BUILT_IN_TEMPLATES[name];
    throw err;
  }
}
