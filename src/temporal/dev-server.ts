// The embedded Temporal: `temporal server start-dev` with its state kept in the data folder.
// Started in a process group of its own so that Ctrl-C reaches Signalman first, which then
// stops the tasks and only afterwards this server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { toolPaths, type Config } from '../config/index.ts';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export function findTemporalCli(config: Config): string {
  for (const dir of toolPaths(config)) {
    const candidate = resolve(dir, 'temporal');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('the Temporal CLI is not installed: run `npm run setup` (it installs it into .tools/)');
}

/**
 * A dev server left behind by a Signalman that was killed outright (kill -9) still holds the
 * state file and the port: end it before starting a new one. Only a process whose command line
 * is our `temporal server start-dev` on this data folder is touched.
 */
function endLeftoverServer(pidFile: string, stateFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('start-dev') && cmdline.includes(stateFile)) process.kill(-pid, 'SIGKILL');
  } catch {
    // not running any more
  }
  rmSync(pidFile, { force: true });
}

export async function startDevServer(config: Config, opts: { headless?: boolean } = {}): Promise<DevServer> {
  const dir = resolve(config.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const pidFile = resolve(dir, 'server.pid');
  endLeftoverServer(pidFile, resolve(dir, 'temporal.db'));
  const leftoverDeadline = Date.now() + 10_000;
  while ((await portOpen(config.temporalPort)) && Date.now() < leftoverDeadline) await new Promise((r) => setTimeout(r, 100));
  const log = openSync(resolve(dir, 'server.log'), 'a');
  const args = [
    'server', 'start-dev',
    '--db-filename', resolve(dir, 'temporal.db'),
    '--ip', '127.0.0.1',
    '--port', String(config.temporalPort),
    '--namespace', config.temporalNamespace,
    '--log-level', 'warn',
  ];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(config.temporalUiPort));
  const child: ChildProcess = spawn(findTemporalCli(config), args, { detached: true, stdio: ['ignore', log, log] });
  writeFileSync(pidFile, String(child.pid));
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  const address = `127.0.0.1:${config.temporalPort}`;
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(config.temporalPort))) {
    if (exited) throw new Error(`the Temporal dev server exited at start; see ${resolve(dir, 'server.log')} (is port ${config.temporalPort} in use?)`);
    if (Date.now() > deadline) throw new Error(`the Temporal dev server did not open port ${config.temporalPort} within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address,
    uiUrl: opts.headless ? '' : `http://127.0.0.1:${config.temporalUiPort}`,
    async stop() {
      if (exited) return;
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
      await exit;
      clearTimeout(timer);
      rmSync(pidFile, { force: true });
    },
  };
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => { socket.destroy(); resolveOpen(true); });
    socket.once('error', () => resolveOpen(false));
  });
}
