// A Temporal dev server of a test's own, with its state in a file, that the test can kill and
// start again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { findTemporalCli, portOpen } from '../../src/temporal/dev-server.ts';
import { workDir } from './env.ts';
import { eventually } from './eventually.ts';
import { freePort } from './ports.ts';

export class OwnTemporal {
  private child: ChildProcess | undefined;
  readonly dir = workDir('temporal');

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnTemporal> {
    const t = new OwnTemporal(await freePort());
    await t.start();
    return t;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      findTemporalCli(loadConfig()),
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--db-filename',
        join(this.dir, 'state.db'),
        '--log-level',
        'error',
      ],
      { stdio: 'ignore' },
    );
    await eventually(() => portOpen(this.port), {
      what: `the Temporal dev server to listen on port ${this.port}`,
      timeout: 60_000,
      interval: 100,
    });
  }

  /** kill -9, and wait until the port is free. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    await eventually(async () => !(await portOpen(this.port)), { what: `port ${this.port} to be free` });
  }
}
