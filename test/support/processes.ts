// Signalman as real child processes, the way users run it: `signalman start`, `server`, `worker`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { CannotHappen, eventually } from './eventually.ts';
import { ApiClient } from './api-client.ts';
import { freePort } from './ports.ts';

const bin = resolve(import.meta.dirname, '../../bin/signalman.mjs');

export class SignalmanProcess {
  readonly child: ChildProcess;
  private out = '';
  private exitPromise: Promise<number | null>;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => (this.out += c));
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.out += c));
    this.exitPromise = new Promise((r) => this.child.once('exit', (code) => r(code)));
  }

  get output(): string {
    return this.out;
  }

  async waitFor(pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
    return eventually(
      () => {
        const m = pattern.exec(this.out);
        if (m) return m;
        if (this.child.exitCode !== null)
          throw new CannotHappen(`the process exited (${this.child.exitCode}):\n${this.out}`);
        assert.fail(`not yet in the output:\n${this.out}`);
      },
      { what: `${pattern}`, timeout: timeoutMs },
    );
  }

  /** Sends `signal` and waits for the process to exit; returns its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exitPromise;
  }

  exited(): Promise<number | null> {
    return this.exitPromise;
  }
}

export interface EmbeddedInstance {
  proc: SignalmanProcess;
  api: ApiClient;
  port: number;
}

/** `signalman start` on its own ports, with its own embedded Temporal dev server. */
export async function startEmbedded(dataDir: string, env: Record<string, string> = {}): Promise<EmbeddedInstance> {
  // A test that must know the address before the start (an OpenID provider's redirect URIs) chooses it.
  const port = env.SIGNALMAN_PORT ? Number(env.SIGNALMAN_PORT) : await freePort();
  const proc = new SignalmanProcess(['start'], {
    SIGNALMAN_DATA_DIR: dataDir,
    SIGNALMAN_PORT: String(port),
    SIGNALMAN_TEMPORAL_PORT: String(await freePort()),
    SIGNALMAN_TEMPORAL_UI_PORT: String(await freePort()),
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    ...env,
  });
  await proc.waitFor(/press Ctrl-C to stop/);
  return { proc, api: new ApiClient(`http://127.0.0.1:${port}`), port };
}
