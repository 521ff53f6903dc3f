// The mailer against a real SMTP server (npm smtp-server) on a self-signed certificate: PLAIN/LOGIN
// auth over STARTTLS or implicit TLS, the certificate and the minimum TLS version enforced, and no
// header that a template name or a setting could inject.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { alertSettings } from '../src/config/settings/alerts.ts';
import type { AlertFacts } from '../src/notify/alert.ts';
import { deliver } from '../src/notify/channels.ts';
import {
  type Certificate,
  type MailPeer,
  readMail,
  selfSignedCertificate,
  startMailPeer,
} from './support/alert-peers.ts';

const PASSWORD = 'smtp-PASSWORD-never-shown';
const facts = (templateName = 'nightly backup'): AlertFacts => ({
  taskId: 9,
  projectId: 2,
  templateId: 5,
  templateName,
  status: 'error',
  message: '',
  version: '',
  author: '—',
  link: 'https://ci.example/project/2/templates/5?t=9',
});

describe('e-mail alerts through a real SMTP server', () => {
  let cert: Certificate;
  const peers: MailPeer[] = [];
  const peer = async (o: Partial<Parameters<typeof startMailPeer>[0]> = {}) => {
    const p = await startMailPeer({ user: 'ci', password: PASSWORD, certificate: cert, ...o });
    peers.push(p);
    return p;
  };
  const settings = (port: number, over: Record<string, unknown> = {}) =>
    z.object(alertSettings).parse({
      email_alert: true,
      email_host: '127.0.0.1',
      email_port: String(port),
      email_sender: 'signalman@ci.example',
      email_secure: true,
      email_username: 'ci',
      email_password: PASSWORD,
      ...over,
    });
  const audience = { telegramChat: '', emailRecipients: ['ann@example.test', 'bob@example.test'] };

  before(() => {
    cert = selfSignedCertificate();
  });
  after(async () => {
    for (const p of peers) await p.close();
  });

  test('STARTTLS is used when offered, the login is PLAIN/LOGIN, the message is as upstream sends it', async () => {
    const p = await peer();
    const d = await deliver('email', settings(p.port), facts(), audience, { tls: { ca: cert.cert } });
    assert.deepEqual(d, { ok: true, code: 250 });
    assert.equal(p.mails.length, 1);
    const [mail] = p.mails;
    assert.equal(mail.secure, true, 'STARTTLS upgraded the connection');
    assert.equal(mail.user, 'ci');
    assert.equal(mail.from, 'signalman@ci.example');
    assert.deepEqual(mail.recipients, ['ann@example.test', 'bob@example.test']);
    const { headers, body } = readMail(mail.raw);
    assert.deepEqual(headers.get('subject'), ["Task 'nightly backup' failed"]);
    assert.equal(headers.get('mime-version')?.[0], '1.0');
    assert.match(headers.get('content-type')?.[0] ?? '', /^text\/html; charset=utf-8/i);
    assert.equal(headers.get('bcc'), undefined, 'recipients are not shown to each other');
    assert.match(body, /Task 9 with template 'nightly backup' has failed!/);
    assert.ok(body.includes('href="https://ci.example/project/2/templates/5?t=9"'), body);
  });

  test('email_tls connects with implicit TLS', async () => {
    const p = await peer({ implicitTls: true });
    const d = await deliver('email', settings(p.port, { email_tls: true }), facts(), audience, {
      tls: { ca: cert.cert },
    });
    assert.equal(d.ok, true, JSON.stringify(d));
    assert.equal(p.mails[0]?.secure, true);
  });

  test('a certificate that does not verify is refused, and nothing is sent', async () => {
    const p = await peer();
    const d = await deliver('email', settings(p.port), facts(), audience);
    assert.equal(d.ok, false);
    assert.ok(!d.ok && d.final, 'not retried: it would fail the same way');
    assert.equal(p.mails.length, 0);
  });

  test('email_tls_min_version 1.3 refuses a server that speaks at most TLS 1.2', async () => {
    const p = await peer({ maxVersion: 'TLSv1.2' });
    const tooOld = await deliver('email', settings(p.port, { email_tls_min_version: '1.3' }), facts(), audience, {
      tls: { ca: cert.cert },
    });
    assert.equal(tooOld.ok, false);
    assert.equal(p.mails.length, 0);
    const fine = await deliver('email', settings(p.port), facts(), audience, { tls: { ca: cert.cert } });
    assert.equal(fine.ok, true, 'the default minimum, 1.2, is met');
  });

  test('a wrong password is a final refusal with its SMTP code; the reason never shows the password', async () => {
    const p = await peer();
    const d = await deliver('email', settings(p.port, { email_password: 'wrong-PASSWORD' }), facts(), audience, {
      tls: { ca: cert.cert },
    });
    assert.deepEqual(d, { ok: false, code: 535, final: true, reason: 'Response code: 535' });
    assert.equal(p.mails.length, 0);
  });

  test('CR/LF in a template name or the sender never reach a header: no injected Bcc, same recipients', async () => {
    const p = await peer();
    const evil = "x'\r\nBcc: evil@attacker.example\r\nX-Injected: yes\r\n\r\n<b>body</b>";
    const d = await deliver(
      'email',
      settings(p.port, { email_sender: 'signalman@ci.example\r\nBcc: evil2@attacker.example' }),
      facts(evil),
      audience,
      { tls: { ca: cert.cert } },
    );
    assert.equal(d.ok, true, JSON.stringify(d));
    const [mail] = p.mails;
    assert.deepEqual(mail.recipients, ['ann@example.test', 'bob@example.test']);
    const { headers } = readMail(mail.raw);
    assert.equal(headers.get('x-injected'), undefined);
    assert.equal(headers.get('bcc'), undefined);
    assert.doesNotMatch(headers.get('subject')?.[0] ?? '', /[\r\n]/);
    assert.deepEqual(
      [...headers.keys()].filter(
        (h) =>
          ![
            'from',
            'subject',
            'message-id',
            'content-transfer-encoding',
            'date',
            'mime-version',
            'content-type',
          ].includes(h),
      ),
      [],
    );
  });
});
