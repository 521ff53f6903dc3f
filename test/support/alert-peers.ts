// Real peers for alert tests, in the test process: one HTTP server standing in for every chat
// service's API (Telegram's Bot API through telegram_api_url, the webhook URLs of Slack,
// Rocket.Chat, Teams, DingTalk, Gotify and Signalman's own webhook all point at it), and an SMTP
// server (npm `smtp-server`) with AUTH and, when asked, STARTTLS or implicit TLS on a self-signed
// certificate made for the test.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { workDir } from './env.ts';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the peer answered. */
  answered: number;
}

export interface ChatPeer {
  base: string;
  requests: ReceivedRequest[];
  /** Requests to paths under `path` whose body mentions `text` get these answers in turn, then 200. */
  script(path: string, text: string, answers: number[]): void;
  close(): Promise<void>;
}

export async function startChatPeer(): Promise<ChatPeer> {
  const requests: ReceivedRequest[] = [];
  const scripts: Array<{ path: string; text: string; answers: number[] }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const script = scripts.find(
        (s) => (req.url ?? '').startsWith(s.path) && body.includes(s.text) && s.answers.length > 0,
      );
      const answered = script ? (script.answers.shift() as number) : 200;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, answered });
      res.writeHead(answered, { 'Content-Type': 'application/json' });
      res.end(answered === 200 ? '{"ok":true}' : '{"ok":false}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    script: (path, text, answers) => scripts.push({ path, text, answers: [...answers] }),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export interface ReceivedMail {
  from: string;
  recipients: string[];
  user: string | undefined;
  /** The connection was encrypted (implicit TLS or STARTTLS). */
  secure: boolean;
  /** The raw message, as it arrived. */
  raw: string;
}

export interface MailPeer {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export function selfSignedCertificate(): Certificate {
  const dir = workDir('smtp-cert');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

export interface MailPeerOptions {
  user: string;
  password: string;
  /** STARTTLS offered with this certificate (or implicit TLS with `implicitTls`); none: plain text only. */
  certificate?: Certificate;
  implicitTls?: boolean;
  /** Highest TLS version the server speaks. */
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export async function startMailPeer(o: MailPeerOptions): Promise<MailPeer> {
  const mails: ReceivedMail[] = [];
  const options: SMTPServerOptions = {
    secure: Boolean(o.implicitTls),
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: !o.certificate,
    disabledCommands: o.certificate ? [] : ['STARTTLS'],
    ...(o.certificate ? { key: o.certificate.key, cert: o.certificate.cert } : {}),
    ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === o.user && auth.password === o.password) done(null, { user: auth.username });
      else done(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', () => {}); // a client that gives up mid-handshake (the TLS version test)
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** The message's headers (unfolded) and its body with quoted-printable undone. */
export function readMail(raw: string): { headers: Map<string, string[]>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const body = raw
    .slice(split + 4)
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return { headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}
