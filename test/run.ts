// The whole test suite: `npm test`. Starts what the tests need (a throwaway PostgreSQL cluster and
// a Temporal dev server with a pool of namespaces), runs every *.test.ts with node:test, and ends
// with one line: "N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { leftoverProcesses } from './support/proc-scan.ts';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { findTemporalCli, portOpen } from '../src/temporal/dev-server.ts';
import { eventually } from './support/eventually.ts';
import { startPostgres } from './support/postgres.ts';
import { freePort } from './support/ports.ts';

export const NAMESPACE_POOL = 200;
const root = resolve(import.meta.dirname, '..');

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'generated' || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (entry.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))]
    .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
    .sort();
  const work = mkdtempSync(join(tmpdir(), 'signalman-test-'));
  chmodSync(work, 0o711); // run as root, tasks run as the task user, who must pass through to their folders

  const pgPort = await freePort();
  const pg = startPostgres(pgPort);
  console.log(`[test] PostgreSQL on 127.0.0.1:${pgPort}`);

  const temporalPort = await freePort();
  const namespaces = Array.from({ length: NAMESPACE_POOL }, (_, i) => ['--namespace', `test-${i}`]).flat();
  const temporal = spawn(
    findTemporalCli(loadConfig()),
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporalPort),
      '--log-level',
      'error',
      ...namespaces,
    ],
    { stdio: 'ignore', detached: true },
  );
  await eventually(() => portOpen(temporalPort), {
    what: `the Temporal dev server to listen on port ${temporalPort}`,
    timeout: 60_000,
    interval: 100,
  });
  console.log(`[test] Temporal dev server on 127.0.0.1:${temporalPort}`);

  const tap = join(work, 'results.tap');
  const env = {
    ...process.env,
    SIGNALMAN_TEST_TEMPORAL: `127.0.0.1:${temporalPort}`,
    SIGNALMAN_TEST_PG: pg.url('postgres'),
    SIGNALMAN_TEST_WORK: work,
    SIGNALMAN_TEST_NAMESPACES: String(NAMESPACE_POOL),
    // Task roots default to <tmp>/signalman-<hash>: inside the work folder, they go with it.
    TMPDIR: work,
  };
  const code = await new Promise<number>((done) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-timeout=300000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files.map((f) => relative(root, f)),
      ],
      { cwd: root, env, stdio: 'inherit' },
    );
    child.on('exit', (c) => done(c ?? 1));
  });

  try {
    process.kill(-temporal.pid!, 'SIGKILL');
  } catch {
    /* gone */
  }
  pg.stop();

  // A test file ended by its time limit cannot end what it started (a `signalman worker`, say):
  // whatever still carries this run's work folder in its environment is ended here.
  const left = leftoverProcesses({ markers: [`SIGNALMAN_TEST_WORK=${work}`] }).filter((pid) => pid !== process.pid);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (left.length) console.log(`[test] ended ${left.length} processes that test files left running`);

  const summary = readFileSync(tap, 'utf8');
  const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  rmSync(work, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 || code !== 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
