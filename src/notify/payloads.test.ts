// Golden payloads of every channel (semaphore-behaviour.md §6.2): URL, headers and JSON exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { alertSettings } from '../config/settings/alerts.ts';
import { type AlertFacts, alertVersion, formattedResult, taskLink } from './alert.ts';
import { channelsFor, chatRequest } from './channels.ts';
import { alertMail, oneLine } from './email.ts';

const facts = (over: Partial<AlertFacts> = {}): AlertFacts => ({
  taskId: 42,
  projectId: 3,
  templateId: 7,
  templateName: 'deploy <web>',
  status: 'error',
  message: '',
  version: '1.4',
  author: 'Ann Lee',
  link: 'https://ci.example/project/3/templates/7?t=42',
  ...over,
});

const settings = (over: Record<string, unknown> = {}) =>
  z.object(alertSettings).parse({
    telegram_alert: true,
    telegram_token: '123:abc',
    telegram_chat: '-100',
    slack_alert: true,
    slack_url: 'https://hooks.slack.example/T/B/x',
    rocketchat_alert: true,
    rocketchat_url: 'https://rc.example/hooks/t',
    microsoft_teams_alert: true,
    microsoft_teams_url: 'https://teams.example/wh',
    dingtalk_alert: true,
    dingtalk_url: 'https://oapi.dingtalk.example/robot/send?access_token=t',
    gotify_alert: true,
    gotify_url: 'https://gotify.example/',
    gotify_token: 'gt&x',
    webhook_alert: true,
    webhook_url: 'https://hooks.example/in',
    webhook_secret: 's3cret',
    email_alert: true,
    ...over,
  });

async function request(channel: Parameters<typeof chatRequest>[0], f = facts(), s = settings(), chat = '') {
  const r = await chatRequest(channel, s, f, { telegramChat: chat });
  assert.ok(typeof r !== 'string', `missing ${r}`);
  return { url: r.url, headers: r.headers, json: JSON.parse(r.body) };
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

test('the result, the link and the version read as upstream shows them', () => {
  assert.equal(formattedResult('error'), '❌ ERROR');
  assert.equal(formattedResult('success'), '✅ SUCCESS');
  assert.equal(formattedResult('waiting_confirmation'), '⚠️ WAITING_CONFIRMATION');
  assert.equal(taskLink('https://ci.example/', 3, 7, 42), 'https://ci.example/project/3/templates/7?t=42');
  assert.equal(alertVersion('2.0', 'x'), '2.0');
  assert.equal(alertVersion(null, '1.3'), 'build 1.3');
  assert.equal(alertVersion(null, null), '');
});

test('Telegram: sendMessage on the configured API URL, HTML text with escaped values; alert_chat wins', async () => {
  const s = settings({ telegram_api_url: 'http://127.0.0.1:9/tg/' });
  assert.deepEqual(await request('telegram', facts(), s, '-555'), {
    url: 'http://127.0.0.1:9/tg/bot123:abc/sendMessage',
    headers: JSON_HEADERS,
    json: {
      chat_id: '-555',
      parse_mode: 'HTML',
      text:
        '<b>Task: deploy &lt;web&gt;</b>\nexecution #42, status: <b>❌ ERROR</b>\nVersion: 1.4\nAuthor: Ann Lee\n' +
        '<a href="https://ci.example/project/3/templates/7?t=42">https://ci.example/project/3/templates/7?t=42</a>',
    },
  });
  assert.equal((await request('telegram')).json.chat_id, '-100');
  assert.equal((await request('telegram')).url, 'https://api.telegram.org/bot123:abc/sendMessage');
});

test('Slack: one attachment, colour per status (good, danger, #FFFC33), Author and Version fields', async () => {
  const expected = (color: string, result: string) => ({
    url: 'https://hooks.slack.example/T/B/x',
    headers: JSON_HEADERS,
    json: {
      attachments: [
        {
          title: 'Task: deploy <web>',
          title_link: 'https://ci.example/project/3/templates/7?t=42',
          text: `execution #42, status: ${result}!`,
          color,
          mrkdwn_in: ['text'],
          fields: [
            { title: 'Author', value: 'Ann Lee', short: true },
            { title: 'Version', value: '1.4', short: true },
          ],
        },
      ],
    },
  });
  assert.deepEqual(await request('slack'), expected('danger', '❌ ERROR'));
  assert.deepEqual(await request('slack', facts({ status: 'success' })), expected('good', '✅ SUCCESS'));
  assert.deepEqual(
    await request('slack', facts({ status: 'waiting_confirmation' })),
    expected('#FFFC33', '⚠️ WAITING_CONFIRMATION'),
  );
});

test("Rocket.Chat: the same attachment with Rocket.Chat's colours", async () => {
  const r = await request('rocketchat');
  assert.equal(r.url, 'https://rc.example/hooks/t');
  assert.equal(r.json.attachments[0].color, '#EE0000');
  assert.equal((await request('rocketchat', facts({ status: 'success' }))).json.attachments[0].color, '#00EE00');
  assert.equal(r.json.attachments[0].text, 'execution #42, status: ❌ ERROR!');
});

test('Microsoft Teams: an Adaptive Card 1.4 with the facts and an OpenUrl action', async () => {
  const r = await request('microsoft_teams', facts({ status: 'success', version: '' }));
  assert.equal(r.url, 'https://teams.example/wh');
  assert.equal(r.json.type, 'message');
  const att = r.json.attachments[0];
  assert.equal(att.contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(att.content.type, 'AdaptiveCard');
  assert.equal(att.content.version, '1.4');
  assert.deepEqual(att.content.body[2], {
    type: 'FactSet',
    facts: [
      { title: 'Task', value: 'deploy <web>' },
      { title: 'Status', value: '✅ SUCCESS' },
      { title: 'Task ID', value: '#42' },
      { title: 'Author', value: 'Ann Lee' },
      { title: 'Version', value: '—' },
    ],
  });
  assert.deepEqual(att.content.actions, [
    { type: 'Action.OpenUrl', title: 'Task URL', url: 'https://ci.example/project/3/templates/7?t=42' },
  ]);
});

test('DingTalk: a markdown message', async () => {
  assert.deepEqual(await request('dingtalk'), {
    url: 'https://oapi.dingtalk.example/robot/send?access_token=t',
    headers: JSON_HEADERS,
    json: {
      msgtype: 'markdown',
      markdown: {
        title: 'Task: deploy <web>',
        text:
          '### Task: deploy <web>\n\nexecution #42, status: **❌ ERROR**\n\n- Version: 1.4\n- Author: Ann Lee\n\n' +
          '[https://ci.example/project/3/templates/7?t=42](https://ci.example/project/3/templates/7?t=42)',
      },
    },
  });
});

test('Gotify: /message?token= (encoded), markdown with client::display extras', async () => {
  const r = await request('gotify');
  assert.equal(r.url, 'https://gotify.example/message?token=gt%26x');
  assert.equal(r.json.title, 'Task: deploy <web>');
  assert.equal(r.json.priority, 8);
  assert.deepEqual(r.json.extras, { 'client::display': { contentType: 'text/markdown' } });
  assert.match(r.json.message, /^execution #42, status: \*\*❌ ERROR\*\*/);
});

test('webhook: the JSON event, signed with HMAC-SHA256 of the exact body', async () => {
  const r = await chatRequest('webhook', settings(), facts(), { telegramChat: '' });
  assert.ok(typeof r !== 'string');
  const expectedSig = `sha256=${createHmac('sha256', 's3cret').update(r.body).digest('hex')}`;
  assert.deepEqual(r.headers, { 'Content-Type': 'application/json', 'X-Signalman-Signature': expectedSig });
  assert.deepEqual(JSON.parse(r.body), {
    event: 'task.alert',
    task_id: 42,
    project_id: 3,
    template_id: 7,
    template_name: 'deploy <web>',
    status: 'error',
    result: '❌ ERROR',
    message: '',
    version: '1.4',
    author: 'Ann Lee',
    url: 'https://ci.example/project/3/templates/7?t=42',
  });
  const unsigned = await chatRequest('webhook', settings({ webhook_secret: '' }), facts(), { telegramChat: '' });
  assert.ok(typeof unsigned !== 'string' && !('X-Signalman-Signature' in unsigned.headers));
});

test('a template from alert_templates_dir replaces the built-in one; the others stay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alert-templates-'));
  writeFileSync(join(dir, 'slack.txt'), '{{name}} #{{task_id}} is {{status}} ({{unknown}})');
  const s = settings({ alert_templates_dir: dir });
  assert.equal(
    (await request('slack', facts(), s)).json.attachments[0].text,
    'deploy &lt;web&gt; #42 is error ({{unknown}})',
  );
  assert.match((await request('telegram', facts(), s)).json.text, /^<b>Task: deploy &lt;web&gt;<\/b>/);
});

test('a channel switched on without its URL or token says which setting is missing', async () => {
  assert.equal(await chatRequest('slack', settings({ slack_url: '' }), facts(), { telegramChat: '' }), 'slack_url');
  assert.equal(
    await chatRequest('telegram', settings({ telegram_chat: '' }), facts(), { telegramChat: '' }),
    'telegram_chat',
  );
});

test('triggers: project alert required; e-mail on error only; success suppressed by the template', () => {
  const s = settings({ webhook_alert: false, gotify_alert: false });
  const chat = ['telegram', 'slack', 'rocketchat', 'microsoft_teams', 'dingtalk'];
  const on = { projectAlert: true, suppressSuccess: false };
  assert.deepEqual(channelsFor(s, 'error', on), ['email', ...chat]);
  assert.deepEqual(channelsFor(s, 'success', on), chat);
  assert.deepEqual(channelsFor(s, 'waiting_confirmation', on), chat);
  assert.deepEqual(channelsFor(s, 'success', { ...on, suppressSuccess: true }), []);
  assert.deepEqual(channelsFor(s, 'error', { ...on, suppressSuccess: true }), ['email', ...chat]);
  assert.deepEqual(channelsFor(s, 'error', { ...on, projectAlert: false }), []);
  assert.deepEqual(channelsFor(s, 'stopped', on), []);
  assert.deepEqual(channelsFor(settings({ slack_alert: false, email_alert: false }), 'running', on), []);
});

test('e-mail headers never carry CR or LF, whatever the template name or sender', () => {
  const m = alertMail(
    facts({ templateName: "x'\r\nBcc: evil@attacker.example\r\nX-Injected: 1" }),
    'ci@example.com\r\nBcc: evil@attacker.example',
    ['a@example.com\nCc: evil@attacker.example'],
    '<p>body</p>',
  );
  for (const v of [m.from, m.subject, ...m.recipients]) assert.doesNotMatch(v, /[\r\n]/);
  assert.equal(m.subject, "Task 'x' Bcc: evil@attacker.example X-Injected: 1' failed");
  assert.equal(oneLine('a\u2028b\u0000c'), 'a b c');
});
