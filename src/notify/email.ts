// E-mail through nodemailer: SMTP with PLAIN/LOGIN auth when `email_secure` is on (anonymous
// otherwise, as upstream), implicit TLS when `email_tls` is on, else STARTTLS whenever the server
// offers it; never below `email_tls_min_version`. Header values are made single-line before
// nodemailer sees them, so no CR/LF from a template name (or a setting) can start a header.
import type { SecureVersion } from 'node:tls';
import nodemailer from 'nodemailer';
import type { AlertSettings } from '../config/settings/alerts.ts';
import type { AlertFacts } from './alert.ts';
import type { Delivery } from './http-request.ts';

export type MailSettings = Pick<
  AlertSettings,
  | 'email_sender'
  | 'email_host'
  | 'email_port'
  | 'email_username'
  | 'email_password'
  | 'email_secure'
  | 'email_tls'
  | 'email_tls_min_version'
>;

export interface MailMessage {
  from: string;
  /** Every recipient gets the one message (one SMTP transaction: a retry cannot send twice to some). */
  recipients: string[];
  subject: string;
  html: string;
}

/** Extra TLS trust for the SMTP server (a private CA); tests pass their self-signed certificate. */
export interface MailTls {
  ca?: string | Buffer;
}

const TLS_VERSIONS: Record<MailSettings['email_tls_min_version'], SecureVersion> = {
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

/** A header value on one line: CR, LF (and other control characters) become spaces. */
export function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** The alert e-mail of a failed task (§6.2): subject `Task '<template>' failed`, the HTML body from its template. */
export function alertMail(facts: AlertFacts, sender: string, recipients: string[], html: string): MailMessage {
  return {
    from: oneLine(sender),
    recipients: recipients.map(oneLine).filter(Boolean),
    subject: oneLine(`Task '${facts.templateName}' failed`),
    html,
  };
}

export function mailTransportOptions(settings: MailSettings, tls: MailTls = {}) {
  const port = settings.email_port ? Number(settings.email_port) : settings.email_tls ? 465 : 25;
  return {
    host: settings.email_host,
    port,
    secure: settings.email_tls,
    auth: settings.email_secure ? { user: settings.email_username, pass: settings.email_password } : undefined,
    tls: { minVersion: TLS_VERSIONS[settings.email_tls_min_version], ...(tls.ca ? { ca: tls.ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
}

export async function sendMail(settings: MailSettings, message: MailMessage, tls: MailTls = {}): Promise<Delivery> {
  const transport = nodemailer.createTransport(mailTransportOptions(settings, tls));
  try {
    await transport.sendMail({
      from: message.from,
      bcc: message.recipients,
      subject: message.subject,
      html: message.html,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return { ok: true, code: 250 };
  } catch (err) {
    return smtpFailure(err);
  } finally {
    transport.close();
  }
}

/** The SMTP reply code (or the kind of failure), never the server's text: it may quote what we sent. */
function smtpFailure(err: unknown): Delivery {
  const { responseCode, code, originalCode } = (err ?? {}) as {
    responseCode?: number;
    code?: string;
    originalCode?: string;
  };
  if (typeof responseCode === 'number')
    return { ok: false, code: responseCode, final: responseCode >= 500, reason: `Response code: ${responseCode}` };
  const kinds = [originalCode, code].filter((k): k is string => typeof k === 'string' && /^[A-Z_]+$/.test(k));
  const kind = kinds[0] ?? 'ERROR';
  // A refused login, or a certificate or TLS version that does not do, will not change on a retry.
  const final = kinds.some((k) => k === 'EAUTH' || k === 'ETLS' || k === 'EENVELOPE' || /CERT|TLS|SSL/.test(k));
  return { ok: false, code: 0, final, reason: `no answer (${kind})` };
}
