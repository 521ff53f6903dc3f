// The embedded Temporal: `temporal server start-dev` with its state kept in the data folder.
// Started in a process group of its own so that Ctrl-C reaches Signalman first, which then
// stops the tasks and only afterwards this server. A start never uses a server it did not start:
// when something else listens on the port, it refuses (TEMPORAL_ADDRESS says to use another).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { toolPaths, type Config } from '../config/index.ts';
import { groupAlive } from '../tasks/process-group.ts';
import { groupMembers, portHeldBy } from './port-owner.ts';

export interface DevServer {
  address: string;
  uiUrl: string;
  /** Ends the server and waits until no process of its group is left. */
  stop(): Promise<void>;
  /** SIGKILL to its group at once, for an exit that cannot wait (a second Ctrl-C). */
  killNow(): void;
}

/** How long the server may take to end on SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

export class TemporalPortTaken extends Error {
  constructor(port: number) {
    super(
      `port ${port} (SIGNALMAN_TEMPORAL_PORT) is in use by a program Signalman did not start; ` +
        'it does not use a Temporal server it did not start. Free the port, choose another with SIGNALMAN_TEMPORAL_PORT, ' +
        `or set TEMPORAL_ADDRESS=127.0.0.1:${port} to use the server listening there`,
    );
  }
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
 * is our `temporal server start-dev` on this data folder is touched. Returns whether one was.
 */
function endLeftoverServer(pidFile: string, stateFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  let ended = false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('start-dev') && cmdline.includes(stateFile)) {
      process.kill(-pid, 'SIGKILL');
      ended = true;
    }
  } catch {
    // not running any more
  }
  rmSync(pidFile, { force: true });
  return ended;
}

const killGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
};

export async function startDevServer(config: Config, opts: { headless?: boolean } = {}): Promise<DevServer> {
  const dir = resolve(config.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const pidFile = resolve(dir, 'server.pid');
  if (endLeftoverServer(pidFile, resolve(dir, 'temporal.db'))) {
    const leftoverDeadline = Date.now() + 10_000;
    while ((await portOpen(config.temporalPort)) && Date.now() < leftoverDeadline)
      await new Promise((r) => setTimeout(r, 100));
  }
  if (await portOpen(config.temporalPort)) throw new TemporalPortTaken(config.temporalPort);
  const log = openSync(resolve(dir, 'server.log'), 'a');
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    resolve(dir, 'temporal.db'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.temporalPort),
    '--namespace',
    config.temporalNamespace,
    '--log-level',
    'warn',
  ];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(config.temporalUiPort));
  const child: ChildProcess = spawn(findTemporalCli(config), args, { detached: true, stdio: ['ignore', log, log] });
  const pid = child.pid!;
  writeFileSync(pidFile, String(pid));
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + STOP_GRACE_MS;
      // The leader's exit is not enough: nothing of its group may outlive the stop.
      while ((!exited || groupAlive(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      while (groupAlive(pid)) {
        killGroup(pid, 'SIGKILL');
        await new Promise((r) => setTimeout(r, 50));
      }
      await exit;
      rmSync(pidFile, { force: true });
    })());
  const address = `127.0.0.1:${config.temporalPort}`;
  try {
    const deadline = Date.now() + 60_000;
    while (!(await portOpen(config.temporalPort))) {
      if (exited)
        throw new Error(
          `the Temporal dev server exited at start; see ${resolve(dir, 'server.log')} (is port ${config.temporalPort} or ${config.temporalUiPort} in use?)`,
        );
      if (Date.now() > deadline)
        throw new Error(`the Temporal dev server did not open port ${config.temporalPort} within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Whatever opened the port must be the server just started, not a program that took it meanwhile.
    if (exited || portHeldBy(config.temporalPort, groupMembers(pid)) === false)
      throw new TemporalPortTaken(config.temporalPort);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address,
    uiUrl: opts.headless ? '' : `http://127.0.0.1:${config.temporalUiPort}`,
    stop,
    killNow: () => killGroup(pid, 'SIGKILL'),
  };
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}
