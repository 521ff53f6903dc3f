// Real git servers for tests: sshd from Debian's openssh-server on a spare port with throwaway host
// and user keys, `git http-backend` behind an HTTP server that asks for a login and password, and
// `git daemon` for the unauthenticated git:// protocol.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { workDir } from './env.ts';
import { CannotHappen, eventually } from './eventually.ts';
import { freePort } from './ports.ts';
import { portOpen } from '../../src/temporal/dev-server.ts';

export const SSHD = '/usr/sbin/sshd';
export const sshdAvailable = () => existsSync(SSHD);

export interface SshServer {
  port: number;
  user: string;
  privateKey: string;
  passphrase: string;
  /** A second key, protected by `passphrase`. */
  protectedKey: string;
  stop(): void;
}

function keygen(file: string, passphrase = ''): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file, '-C', 'signalman-test']);
  return readFileSync(file, 'utf8');
}

export async function startSshd(): Promise<SshServer> {
  const dir = workDir('sshd');
  mkdirSync('/run/sshd', { recursive: true });
  keygen(join(dir, 'host_key'));
  const privateKey = keygen(join(dir, 'user_key'));
  const passphrase = 'correct horse battery';
  const protectedKey = keygen(join(dir, 'user_key_protected'), passphrase);
  writeFileSync(
    join(dir, 'authorized_keys'),
    readFileSync(join(dir, 'user_key.pub'), 'utf8') + readFileSync(join(dir, 'user_key_protected.pub'), 'utf8'),
    { mode: 0o600 },
  );
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: 'ignore' });
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new CannotHappen(`sshd exited with ${child.exitCode}`);
      return portOpen(port);
    },
    { what: `sshd to listen on port ${port}`, timeout: 15_000 },
  );
  return { port, user: userInfo().username, privateKey, passphrase, protectedKey, stop: () => child.kill('SIGKILL') };
}

export interface GitHttpServer {
  url(repoPath: string): string;
  stop(): Promise<void>;
}

/** Serves every repository under `/` (absolute paths) over smart HTTP, for `login`:`password` only. */
export async function startGitHttp(login: string, password: string): Promise<GitHttpServer> {
  const expected = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('authentication required');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: '/',
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method,
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: login,
        REMOTE_ADDR: '127.0.0.1',
        HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else res.setHeader(name, value);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: (repoPath) => `http://127.0.0.1:${port}${repoPath}`,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

export interface GitDaemon {
  url(repoPath: string): string;
  stop(): void;
}

/** `git daemon` serving every repository under `/` (absolute paths) over git://, read-only. */
export async function startGitDaemon(): Promise<GitDaemon> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'git',
    ['daemon', '--reuseaddr', '--export-all', '--base-path=/', '--listen=127.0.0.1', `--port=${port}`],
    { stdio: 'ignore' },
  );
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new CannotHappen(`git daemon exited with ${child.exitCode}`);
      return portOpen(port);
    },
    { what: `git daemon to listen on port ${port}`, timeout: 15_000 },
  );
  return { url: (repoPath) => `git://127.0.0.1:${port}${repoPath}`, stop: () => child.kill('SIGKILL') };
}
