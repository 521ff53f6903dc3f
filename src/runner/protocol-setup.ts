// `signalman runner register | unregister` and the settings of `signalman runner --protocol http`:
// Semaphore's runner protocol, from the runner's side (semaphore-behaviour.md §7). The runner block
// of the settings (settings/runners.ts) names the files; the server is `web_host`.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Config } from '../config/index.ts';
import { newRunnerKeyPair } from '../security/runner-payload.ts';

export interface ProtocolRunnerSetup {
  serverUrl: string;
  token: string;
  tokenFile: string;
  privateKeyFile: string;
  maxParallelTasks: number;
  oneOff: boolean;
}

/** The server URL: `--url`, else `web_host` (SEMAPHORE_WEB_ROOT), else SIGNALMAN_SERVER_URL. */
export function serverUrlOf(config: Config, url: string | undefined, env: NodeJS.ProcessEnv): string {
  const found = url || config.settings.web_host || env.SIGNALMAN_SERVER_URL || '';
  if (!found)
    throw new Error('the runner needs the server URL: --url, web_host (SEMAPHORE_WEB_ROOT) or SIGNALMAN_SERVER_URL');
  return found.replace(/\/$/, '');
}

export function protocolSetup(config: Config, url: string | undefined, env: NodeJS.ProcessEnv): ProtocolRunnerSetup {
  const r = config.settings.runner;
  const fromFile = r.token_file && existsSync(r.token_file) ? readFileSync(r.token_file, 'utf8').trim() : '';
  return {
    serverUrl: serverUrlOf(config, url, env),
    token: r.token || fromFile,
    tokenFile: r.token_file,
    privateKeyFile: r.private_key_file,
    maxParallelTasks: r.max_parallel_tasks,
    oneOff: r.one_off,
  };
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.trim();
}

/** Registers this runner with the server's registration token and writes its token to `token_file` (0600). */
export async function registerRunner(
  config: Config,
  opts: { url?: string; stdinToken: boolean },
  log: (m: string) => void,
): Promise<void> {
  const r = config.settings.runner;
  const setup = protocolSetup(config, opts.url, process.env);
  if (!setup.tokenFile)
    throw new Error('runner.token_file (SEMAPHORE_RUNNER_TOKEN_FILE) must name the file the token goes to');
  const registrationToken = opts.stdinToken ? await readStdin() : r.registration_token;
  if (!registrationToken)
    throw new Error(
      'a registration token is needed: SEMAPHORE_RUNNER_REGISTRATION_TOKEN or --stdin-registration-token',
    );
  let publicKey: string | undefined;
  if (setup.privateKeyFile) {
    const pair = newRunnerKeyPair();
    writeFileSync(setup.privateKeyFile, pair.privateKeyPem, { mode: 0o600 });
    chmodSync(setup.privateKeyFile, 0o600);
    publicKey = pair.publicKeyPem;
  }
  const res = await fetch(`${setup.serverUrl}/api/internal/runners`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      registration_token: registrationToken,
      webhook: r.webhook,
      max_parallel_tasks: r.max_parallel_tasks,
      ...(publicKey ? { public_key: publicKey } : {}),
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(`registration refused: ${res.status} ${body.error ?? ''}`.trim());
  writeFileSync(setup.tokenFile, `${body.token}\n`, { mode: 0o600 });
  chmodSync(setup.tokenFile, 0o600);
  log(`registered; the token is in ${setup.tokenFile}${publicKey ? ' (polls come encrypted)' : ''}`);
}

/** Unregisters this runner (its record is deleted on the server) and removes its token file. */
export async function unregisterRunner(
  config: Config,
  opts: { url?: string },
  log: (m: string) => void,
): Promise<void> {
  const setup = protocolSetup(config, opts.url, process.env);
  if (!setup.token) throw new Error('no runner token: runner.token or a token_file written by `runner register`');
  const res = await fetch(`${setup.serverUrl}/api/internal/runners`, {
    method: 'DELETE',
    headers: { 'x-runner-token': setup.token },
  });
  if (res.status !== 204 && res.status !== 404)
    throw new Error(`unregistering failed: ${res.status} ${await res.text()}`);
  if (setup.tokenFile) rmSync(setup.tokenFile, { force: true });
  log('unregistered');
}
