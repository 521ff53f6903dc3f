// `signalman start` ends everything it started: Ctrl-C right after it is ready, or while it is
// still starting, leaves no process of it alive (the Temporal dev server included); and it never
// uses a Temporal server it did not start: a foreign listener on the port makes it refuse.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { workDir } from './support/env.ts';
import { freePort } from './support/ports.ts';
import { SignalmanProcess } from './support/processes.ts';
import { eventually } from './support/eventually.ts';
import { leftoverProcesses } from './support/proc-scan.ts';

async function startCommand(dataDir: string, env: Record<string, string> = {}) {
  const temporalPort = await freePort();
  const proc = new SignalmanProcess(['start'], {
    SIGNALMAN_DATA_DIR: dataDir,
    SIGNALMAN_PORT: String(await freePort()),
    SIGNALMAN_TEMPORAL_PORT: String(temporalPort),
    SIGNALMAN_TEMPORAL_UI_PORT: String(await freePort()),
    SIGNALMAN_ADMIN_PASSWORD: 'ends-secret',
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    ...env,
  });
  return { proc, temporalPort };
}

/** Every process the command started carries its data folder in its environment. */
const processesOf = (dataDir: string, devServerPid: number) =>
  leftoverProcesses({ pgid: devServerPid, markers: [`SIGNALMAN_DATA_DIR=${dataDir}`] });

describe('signalman start ends every child', () => {
  test('Ctrl-C right after it reports ready: exits 0 and nothing of it (dev server included) is alive', async () => {
    const dataDir = workDir('ends-ready');
    const { proc } = await startCommand(dataDir);
    try {
      await proc.waitFor(/press Ctrl-C to stop/);
      const devServer = Number(readFileSync(join(dataDir, 'temporal', 'server.pid'), 'utf8'));
      assert.ok(processesOf(dataDir, devServer).includes(devServer), 'the dev server runs');
      assert.equal(await proc.stop('SIGINT'), 0, proc.output);
      assert.match(proc.output, /stopped/);
      assert.deepEqual(processesOf(dataDir, devServer), [], 'no process of it is left');
    } finally {
      await proc.stop('SIGKILL');
    }
  });

  test('Ctrl-C while it is still starting: exits 0 and nothing of it is alive', async () => {
    const dataDir = workDir('ends-starting');
    const { proc } = await startCommand(dataDir);
    try {
      const pidFile = join(dataDir, 'temporal', 'server.pid');
      const devServer = await eventually(
        () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) || undefined : undefined),
        { what: 'the dev server to be started', timeout: 90_000 },
      );
      assert.equal(await proc.stop('SIGINT'), 0, proc.output);
      assert.doesNotMatch(proc.output, /press Ctrl-C to stop/);
      assert.deepEqual(processesOf(dataDir, devServer), [], 'no process of it is left');
    } finally {
      await proc.stop('SIGKILL');
    }
  });

  test('a foreign listener on the Temporal port: start refuses, naming the port and the settings, and never talks to it', async () => {
    let received = 0;
    const sockets = new Set<Socket>();
    const foreign = createServer((s) => {
      sockets.add(s);
      s.on('data', (d) => (received += d.length));
      s.on('error', () => {});
    });
    const port = await freePort();
    await new Promise<void>((r) => foreign.listen(port, '127.0.0.1', r));
    const dataDir = workDir('ends-foreign');
    try {
      const { proc } = await startCommand(dataDir, { SIGNALMAN_TEMPORAL_PORT: String(port) });
      const code = await proc.exited();
      assert.notEqual(code, 0);
      assert.match(
        proc.output,
        new RegExp(`port ${port} \\(SIGNALMAN_TEMPORAL_PORT\\) is in use by a program Signalman did not start`),
      );
      assert.match(proc.output, /TEMPORAL_ADDRESS=127\.0\.0\.1:\d+ to use the server listening there/);
      assert.doesNotMatch(proc.output, /press Ctrl-C to stop/);
      assert.equal(received, 0, 'Signalman sent the foreign server nothing');
      assert.equal(existsSync(join(dataDir, 'temporal', 'server.pid')), false, 'no dev server was started');
      assert.deepEqual(leftoverProcesses({ markers: [`SIGNALMAN_DATA_DIR=${dataDir}`] }), []);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => foreign.close(() => r()));
    }
  });
});
