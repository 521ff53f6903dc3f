// Alerts end to end: real tasks through Temporal, every channel pointed at real local peers (an
// HTTP server for the chat services' APIs, an SMTP server with AUTH), settings as Semaphore's
// SEMAPHORE_* variables. Triggers and recipients (§6.2), retries, giving up, one alert per status
// change, and no secret in workflow history, task logs, events or the server's console.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { alertWorkflowId, taskWorkflowId } from '../src/workflows/names.ts';
import type { ChannelOutcome } from '../src/workflows/alert.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { addMember, createProject, createUser } from './support/users.ts';
import { memberClient } from './support/members.ts';
import { installStandIns } from './support/stand-ins.ts';
import { eventually } from './support/eventually.ts';
import { type ChatPeer, type MailPeer, readMail, startChatPeer, startMailPeer } from './support/alert-peers.ts';

const SECRETS = {
  telegram: '777:TG-SECRET-TOKEN',
  slack: 'SLACK-SECRET-PATH',
  rocket: 'ROCKET-SECRET-PATH',
  teams: 'TEAMS-SECRET-PATH',
  ding: 'DING-SECRET-TOKEN',
  gotify: 'GOTIFY-SECRET-TOKEN',
  hookPath: 'HOOK-SECRET-PATH',
  hmac: 'HMAC-SECRET-KEY',
  smtp: 'SMTP-SECRET-PASSWORD',
};

const CHAT_CHANNELS = ['telegram', 'slack', 'rocketchat', 'microsoft_teams', 'dingtalk', 'gotify', 'webhook'];

describe('alerts from task status changes', () => {
  let stack: InProcessStack;
  let chat: ChatPeer;
  let smtp: MailPeer;
  let f: ProjectFixture;
  let alertMember: string;
  const consoleLines: string[] = [];
  const taskIds: number[] = [];
  const alertIds: string[] = [];

  const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2, 8)}`;
  const requestsFor = (name: string, path = '/') =>
    chat.requests.filter((r) => r.path.startsWith(path) && r.body.includes(name));
  const alertResult = async (taskId: number, status: string): Promise<ChannelOutcome[]> => {
    const id = alertWorkflowId(taskId, status);
    alertIds.push(id);
    return eventually(() => stack.client.workflow.getHandle(id).result() as Promise<ChannelOutcome[]>, {
      what: `the alert workflow ${id} to end`,
      timeout: 60_000,
      interval: 200,
    });
  };
  const templateNamed = async (name: string, script: string, extra: Record<string, unknown> = {}) =>
    createTemplate(stack.admin, f, script, { name, ...extra });
  const run = async (templateId: number) => {
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    taskIds.push(taskId);
    return taskId;
  };

  before(async () => {
    for (const level of ['log', 'error', 'warn'] as const) {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) => {
        consoleLines.push(args.map(String).join(' '));
        original(...args);
      };
    }
    installStandIns();
    chat = await startChatPeer();
    smtp = await startMailPeer({ user: 'ci', password: SECRETS.smtp });
    Object.assign(process.env, {
      SEMAPHORE_EMAIL_ALERT: 'yes',
      SEMAPHORE_EMAIL_HOST: '127.0.0.1',
      SEMAPHORE_EMAIL_PORT: String(smtp.port),
      SEMAPHORE_EMAIL_SENDER: 'signalman@ci.example',
      SEMAPHORE_EMAIL_SECURE: 'true',
      SEMAPHORE_EMAIL_USERNAME: 'ci',
      SEMAPHORE_EMAIL_PASSWORD: SECRETS.smtp,
      SEMAPHORE_TELEGRAM_ALERT: '1',
      SEMAPHORE_TELEGRAM_TOKEN: SECRETS.telegram,
      SEMAPHORE_TELEGRAM_CHAT: '-100',
      SIGNALMAN_TELEGRAM_API_URL: `${chat.base}/tg`,
      SEMAPHORE_SLACK_ALERT: '1',
      SEMAPHORE_SLACK_URL: `${chat.base}/slack/${SECRETS.slack}`,
      SEMAPHORE_ROCKETCHAT_ALERT: '1',
      SEMAPHORE_ROCKETCHAT_URL: `${chat.base}/rocket/${SECRETS.rocket}`,
      SEMAPHORE_MICROSOFT_TEAMS_ALERT: '1',
      SEMAPHORE_MICROSOFT_TEAMS_URL: `${chat.base}/teams/${SECRETS.teams}`,
      SEMAPHORE_DINGTALK_ALERT: '1',
      SEMAPHORE_DINGTALK_URL: `${chat.base}/dingtalk/send?access_token=${SECRETS.ding}`,
      SEMAPHORE_GOTIFY_ALERT: '1',
      SEMAPHORE_GOTIFY_URL: `${chat.base}/gotify`,
      SEMAPHORE_GOTIFY_TOKEN: SECRETS.gotify,
      SIGNALMAN_WEBHOOK_ALERT: '1',
      SIGNALMAN_WEBHOOK_URL: `${chat.base}/hook/${SECRETS.hookPath}`,
      SIGNALMAN_WEBHOOK_SECRET: SECRETS.hmac,
    });
    stack = await startInProcess('sqlite', { SIGNALMAN_WEB_HOST: 'https://ci.example/' });
    const repo = makeRepo({
      'hello.sh': 'echo hello\n',
      'fail.sh': 'echo "about to fail"\nexit 3\n',
      'infra/main.tf': 'resource "null_resource" "x" {}\n',
    });
    f = await createProjectWithRepo(stack.admin, repo.url);
    const project = await stack.admin.get(`/api/project/${f.projectId}`);
    const put = await stack.admin.put(`/api/project/${f.projectId}`, {
      ...project.body,
      alert: true,
      alert_chat: '-555',
    });
    assert.equal(put.status, 204, put.text);
    // Recipients: the admin and one member with alert on; a member with it off; a non-member with it on.
    await stack.db.user.updateMany({ where: { username: 'admin' }, data: { alert: true } });
    const on = await createUser(stack, 'alerted', { alert: true });
    const off = await createUser(stack, 'quiet', { alert: false });
    await createUser(stack, 'outsider', { alert: true });
    await addMember(stack.admin, f.projectId, on.id, 'guest');
    await addMember(stack.admin, f.projectId, off.id, 'manager');
    alertMember = `${on.username}@example.test`;
  });
  after(async () => {
    await stack?.close();
    await chat?.close();
    await smtp?.close();
  });

  test('a failing task: e-mail to the members with alert on, and one message on every chat channel', async () => {
    const name = unique('failing');
    const tpl = await templateNamed(name, 'fail.sh');
    const taskId = await run(tpl);
    assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'error');
    const outcome = await alertResult(taskId, 'error');
    assert.deepEqual(
      outcome.map((o) => [o.channel, o.sent]).sort(),
      [['email', true], ...CHAT_CHANNELS.map((c) => [c, true])].sort(),
    );
    const link = `https://ci.example/project/${f.projectId}/templates/${tpl}?t=${taskId}`;

    const mails = smtp.mails.filter((m) => m.raw.includes(name));
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0].recipients.sort(), ['admin@localhost', alertMember].sort());
    assert.equal(mails[0].user, 'ci');
    const mail = readMail(mails[0].raw);
    assert.deepEqual(mail.headers.get('subject'), [`Task '${name}' failed`]);
    assert.ok(mail.body.includes(`Task ${taskId} with template '${name}' has failed!`), mail.body);
    assert.ok(mail.body.includes(`href="${link}"`), mail.body);

    const [tg] = requestsFor(name, '/tg/');
    assert.equal(tg.method, 'POST');
    assert.equal(tg.path, `/tg/bot${SECRETS.telegram}/sendMessage`);
    assert.equal(tg.headers['content-type'], 'application/json');
    const tgBody = JSON.parse(tg.body);
    assert.equal(tgBody.chat_id, '-555', "the project's alert_chat overrides telegram_chat");
    assert.equal(tgBody.parse_mode, 'HTML');
    assert.ok(tgBody.text.includes(`execution #${taskId}, status: <b>❌ ERROR</b>`), tgBody.text);
    assert.ok(tgBody.text.includes('Author: Administrator'), 'the author is the user’s name');

    const [slack] = requestsFor(name, '/slack/');
    assert.equal(slack.path, `/slack/${SECRETS.slack}`);
    const attachment = JSON.parse(slack.body).attachments[0];
    assert.deepEqual(
      [attachment.title, attachment.title_link, attachment.text, attachment.color],
      [`Task: ${name}`, link, `execution #${taskId}, status: ❌ ERROR!`, 'danger'],
    );
    assert.equal(JSON.parse(requestsFor(name, '/rocket/')[0].body).attachments[0].color, '#EE0000');
    const card = JSON.parse(requestsFor(name, '/teams/')[0].body).attachments[0].content;
    assert.equal(card.version, '1.4');
    assert.deepEqual(card.actions[0], { type: 'Action.OpenUrl', title: 'Task URL', url: link });
    const ding = requestsFor(name, '/dingtalk/')[0];
    assert.equal(ding.path, `/dingtalk/send?access_token=${SECRETS.ding}`);
    assert.equal(JSON.parse(ding.body).msgtype, 'markdown');
    const gotify = requestsFor(name, '/gotify/')[0];
    assert.equal(gotify.path, `/gotify/message?token=${SECRETS.gotify}`);
    assert.equal(JSON.parse(gotify.body).title, `Task: ${name}`);
    const hook = requestsFor(name, '/hook/')[0];
    const expectedSig = `sha256=${createHmac('sha256', SECRETS.hmac).update(hook.body).digest('hex')}`;
    assert.equal(hook.headers['x-signalman-signature'], expectedSig);
    assert.deepEqual(
      [JSON.parse(hook.body).task_id, JSON.parse(hook.body).status, JSON.parse(hook.body).url],
      [taskId, 'error', link],
    );
    for (const path of ['/tg/', '/slack/', '/rocket/', '/teams/', '/dingtalk/', '/gotify/', '/hook/'])
      assert.equal(requestsFor(name, path).length, 1, `one message on ${path}`);
  });

  test('the same status change never sends twice: its alert workflow id is taken', async () => {
    const name = unique('once');
    const taskId = await run(await templateNamed(name, 'fail.sh'));
    await stack.admin.waitForTask(f.projectId, taskId);
    await alertResult(taskId, 'error');
    await assert.rejects(
      stack.client.workflow.start('alertWorkflow', {
        workflowId: alertWorkflowId(taskId, 'error'),
        taskQueue: stack.config.taskQueue,
        args: [{ taskId, status: 'error' }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
      WorkflowExecutionAlreadyStartedError,
    );
    const history = await stack.client.workflow.getHandle(taskWorkflowId(taskId)).fetchHistory();
    const started = (history.events ?? []).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
    assert.deepEqual(
      started.map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId),
      [alertWorkflowId(taskId, 'error')],
    );
    assert.equal(smtp.mails.filter((m) => m.raw.includes(name)).length, 1);
  });

  test("success alerts go to the chat channels (no e-mail); the template's suppress_success_alerts silences them", async () => {
    const loud = unique('loud');
    const loudTask = await run(await templateNamed(loud, 'hello.sh'));
    assert.equal((await stack.admin.waitForTask(f.projectId, loudTask)).status, 'success');
    assert.deepEqual((await alertResult(loudTask, 'success')).map((o) => o.channel).sort(), [...CHAT_CHANNELS].sort());
    assert.equal(JSON.parse(requestsFor(loud, '/slack/')[0].body).attachments[0].color, 'good');

    const quiet = unique('quiet');
    const quietTask = await run(await templateNamed(quiet, 'hello.sh', { suppress_success_alerts: true }));
    assert.equal((await stack.admin.waitForTask(f.projectId, quietTask)).status, 'success');
    // No channel takes it, so no alert workflow is started at all (the task workflow asks first).
    await stack.client.workflow.getHandle(taskWorkflowId(quietTask)).result();
    await assert.rejects(stack.client.workflow.getHandle(alertWorkflowId(quietTask, 'success')).describe(), {
      name: 'WorkflowNotFoundError',
    });
    assert.equal(requestsFor(quiet).length, 0);
    assert.equal(smtp.mails.filter((m) => m.raw.includes(quiet) || m.raw.includes(loud)).length, 0);
  });

  test('a Terraform plan waiting for confirmation alerts the chat channels', async () => {
    const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
      name: 'ws',
      type: 'terraform-workspace',
      inventory: 'default',
    });
    const name = unique('plan');
    const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
      name,
      app: 'terraform',
      playbook: 'infra',
      repository_id: f.repositoryId,
      inventory_id: inv.body.id,
      environment_id: f.environmentId,
    });
    assert.equal(res.status, 201, res.text);
    const taskId = await run(res.body.id);
    await stack.admin.waitForTask(f.projectId, taskId, ['waiting_confirmation']);
    const outcome = await alertResult(taskId, 'waiting_confirmation');
    assert.deepEqual(outcome.map((o) => o.channel).sort(), [...CHAT_CHANNELS].sort());
    const attachment = JSON.parse(requestsFor(name, '/slack/')[0].body).attachments[0];
    assert.equal(attachment.color, '#FFFC33');
    assert.equal(attachment.text, `execution #${taskId}, status: ⚠️ WAITING_CONFIRMATION!`);
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/reject`, {})).status, 204);
    await stack.admin.waitForTask(f.projectId, taskId);
  });

  test('a chat service answering 500 twice and then 200 gets exactly one delivered message', async () => {
    const name = unique('flaky');
    chat.script('/slack/', name, [500, 500]);
    const taskId = await run(await templateNamed(name, 'fail.sh'));
    await stack.admin.waitForTask(f.projectId, taskId);
    const outcome = await alertResult(taskId, 'error');
    assert.deepEqual(
      outcome.find((o) => o.channel === 'slack'),
      { channel: 'slack', sent: true },
    );
    assert.deepEqual(
      requestsFor(name, '/slack/').map((r) => r.answered),
      [500, 500, 200],
    );
    assert.ok(!(await stack.admin.output(f.projectId, taskId)).some((l) => l.startsWith("Can't send")));
  });

  test('a chat service answering 400 is given up at once: the task log and the events say so, without the token', async () => {
    const name = unique('refused');
    chat.script('/tg/', name, [400]);
    const taskId = await run(await templateNamed(name, 'fail.sh'));
    await stack.admin.waitForTask(f.projectId, taskId);
    const outcome = await alertResult(taskId, 'error');
    assert.deepEqual(
      outcome.find((o) => o.channel === 'telegram'),
      {
        channel: 'telegram',
        sent: false,
        reason: 'Response code: 400',
      },
    );
    assert.equal(requestsFor(name, '/tg/').length, 1, 'not retried');
    const lines = await eventually(
      async () => {
        const out = await stack.admin.output(f.projectId, taskId);
        assert.ok(out.includes("Can't send telegram alert! Response code: 400"), out.join('\n'));
        return out;
      },
      { what: 'the give-up line in the task log' },
    );
    assert.equal(lines.filter((l) => l.startsWith("Can't send")).length, 1, 'only telegram gave up');
    const events = await stack.db.event.findMany({ where: { project_id: f.projectId, object_id: taskId } });
    assert.ok(
      events.some((e) => e.description.includes('telegram alert (error) was not delivered - Response code: 400')),
      JSON.stringify(events),
    );
  });

  test('a worker replaced right after the status change: the alert still arrives, once per channel', async () => {
    const name = unique('restart');
    chat.script('/slack/', name, [500]); // the first try fails, so a retry falls to the new worker
    const taskId = await run(await templateNamed(name, 'fail.sh'));
    await stack.admin.waitForTask(f.projectId, taskId);
    await stack.restartWorker();
    const outcome = await alertResult(taskId, 'error');
    assert.ok(
      outcome.every((o) => o.sent),
      JSON.stringify(outcome),
    );
    for (const path of ['/tg/', '/rocket/', '/teams/', '/dingtalk/', '/gotify/', '/hook/'])
      assert.equal(requestsFor(name, path).length, 1, `one message on ${path}`);
    assert.deepEqual(
      requestsFor(name, '/slack/').map((r) => r.answered),
      [500, 200],
    );
    assert.equal(smtp.mails.filter((m) => m.raw.includes(name)).length, 1);
  });

  test('POST /alerts/test: a manager gets a test message on every enabled channel and learns which took it', async () => {
    chat.script('/tg/', 'Signalman test alert', [400]);
    const manager = await memberClient(stack, f.projectId, 'manager');
    const res = await manager.post(`/api/project/${f.projectId}/alerts/test`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.project_alert, true);
    const byChannel = Object.fromEntries(res.body.channels.map((c: { channel: string }) => [c.channel, c]));
    assert.deepEqual(Object.keys(byChannel).sort(), ['email', ...CHAT_CHANNELS].sort());
    assert.deepEqual(byChannel.telegram, { channel: 'telegram', sent: false, reason: 'telegram: Response code: 400' });
    for (const c of ['email', 'slack', 'rocketchat', 'microsoft_teams', 'dingtalk', 'gotify', 'webhook'])
      assert.equal(byChannel[c].sent, true, c);
    const mail = smtp.mails.filter((m) => m.raw.includes('Signalman test alert'));
    assert.equal(mail.length, 1);
    assert.deepEqual(mail[0].recipients.sort(), ['admin@localhost', alertMember].sort());
    assert.ok(!JSON.stringify(res.body).includes(SECRETS.telegram));
    const owner = await memberClient(stack, f.projectId, 'owner');
    assert.equal((await owner.post(`/api/project/${f.projectId}/alerts/test`, {})).status, 200);

    // The channels are other people's chats: the same manager again at once is told to wait, and nothing is sent.
    const sentBefore = chat.requests.length;
    const again = await manager.post(`/api/project/${f.projectId}/alerts/test`, {});
    assert.equal(again.status, 429, again.text);
    assert.match(again.body.error, /try again in \d+ s/);
    const retryAfter = Number(again.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 10, `Retry-After: ${retryAfter}`);
    assert.equal(chat.requests.length, sentBefore, 'nothing sent');
  });

  test('POST /alerts/test is refused to guests, task runners, other projects and anonymous callers, sending nothing', async () => {
    const before = chat.requests.length;
    const mailsBefore = smtp.mails.length;
    const path = `/api/project/${f.projectId}/alerts/test`;
    assert.equal((await (await memberClient(stack, f.projectId, 'guest')).post(path, {})).status, 403);
    assert.equal((await (await memberClient(stack, f.projectId, 'task_runner')).post(path, {})).status, 403);
    const stranger = await createUser(stack, 'stranger');
    await addMember(stack.admin, await createProject(stack.admin), stranger.id, 'owner'); // owns another project
    assert.equal((await stranger.api.post(path, {})).status, 404);
    assert.equal((await stack.anonymous.post(path, {})).status, 401);
    assert.equal(chat.requests.length, before);
    assert.equal(smtp.mails.length, mailsBefore);
  });

  test('no secret is in any workflow history, task log, event or console line', async () => {
    assert.ok(taskIds.length >= 5 && alertIds.length >= 5);
    const texts: string[] = [...consoleLines];
    const decoded: string[] = [];
    for (const id of [...taskIds.map(taskWorkflowId), ...alertIds]) {
      const json = historyToJSON(await stack.client.workflow.getHandle(id).fetchHistory());
      texts.push(json);
      // Payloads are base64 in the JSON: decode every such string too.
      for (const m of json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g))
        decoded.push(Buffer.from(m[1], 'base64').toString());
    }
    assert.ok(decoded.includes('"Response code: 400"'), 'the payloads were decoded (the refusal is in one)');
    texts.push(...decoded);
    for (const taskId of taskIds) texts.push(...(await stack.admin.output(f.projectId, taskId)));
    texts.push(...(await stack.db.event.findMany()).map((e) => e.description));
    const all = texts.join('\n');
    assert.ok(all.includes('alertWorkflow'), 'the histories were read');
    for (const [what, secret] of Object.entries(SECRETS)) assert.ok(!all.includes(secret), `${what} secret leaked`);
  });
});
