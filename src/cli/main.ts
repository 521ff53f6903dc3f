// The `signalman` command.
//   signalman start    embedded: Temporal dev server, API and worker in one process (npm start)
//   signalman server   the API alone (DATABASE_URL, TEMPORAL_ADDRESS)
//   signalman worker   a worker alone (DATABASE_URL, TEMPORAL_ADDRESS)
//   signalman migrate  apply database migrations and exit
import { mkdirSync } from 'node:fs';
import v8 from 'node:v8';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config, type LoadOptions } from '../config/index.ts';
import { configCheck } from './config-check.ts';
import { fileExposure } from '../config/load.ts';
import { codeOrigin } from '../paths.ts';
import { applyMigrations } from '../store/migrate.ts';
import { connectClient } from '../temporal/client.ts';
import { runnerOptions, startRunner } from '../runner/main.ts';
import { protocolCommand } from '../runner/protocol-loop.ts';
import { startDevServer } from '../temporal/dev-server.ts';
import { secureDataFolder } from '../security/data-folder.ts';
import { reconcileTasks } from '../temporal/reconcile.ts';
import { createCore, type Core } from './core.ts';
import { apiServerLive, inProcessLive, workerLive } from '../live/wiring.ts';
import {
  announceAdmin,
  closeServer,
  encryptionKeyFor,
  log,
  onShutdown,
  openDatabase,
  startApi,
  startWorker,
  stopWorker,
  VERSION,
} from './processes.ts';

const USAGE = `usage: signalman <command>

commands:
  start     run everything in one process: Temporal dev server, API and worker (embedded default)
  server    run the API server (split mode: DATABASE_URL and TEMPORAL_ADDRESS)
  worker    run a worker (split mode: DATABASE_URL and TEMPORAL_ADDRESS)
  runner    run a remote runner: --tag T [--one-off] (SIGNALMAN_SERVER_URL, SIGNALMAN_RUNNER_TOKEN, TEMPORAL_ADDRESS)
            or Semaphore's protocol: register [--stdin-registration-token] | unregister | --protocol http [--one-off]
  migrate   apply database migrations and exit
  config check   print the effective configuration (secrets masked); exit 1 on any problem
  version   print the version

options (any command):
  --config <path>   read this configuration file (else SIGNALMAN_CONFIG_PATH, SEMAPHORE_CONFIG_PATH,
                    ./config.json, /usr/local/etc/semaphore/config.json, /etc/semaphore/config.json)
  --no-config       read no configuration file: environment variables and defaults only`;

/** `--config <path>`, `--config=<path>` and `--no-config`, wherever they are, and the rest of argv. */
export function configFlags(argv: string[]): { options: LoadOptions; rest: string[] } {
  const options: LoadOptions = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-config') options.noConfig = true;
    else if (arg === '--config') {
      const path = argv[++i];
      if (!path) throw new Error('--config needs the path of a configuration file');
      options.configPath = path;
    } else if (arg.startsWith('--config=')) options.configPath = arg.slice('--config='.length);
    else rest.push(arg);
  }
  return { options, rest };
}

/** Every schedule row gets its Temporal Schedule, and timers whose row is gone go (any API server may do it). */
async function reconcileSchedules(core: Core): Promise<void> {
  try {
    await core.timers.reconcile();
  } catch (err) {
    log(
      `schedules could not be brought in step with Temporal now (${(err as Error).message}); changes made through the API still are`,
    );
  }
}

function requireTemporalAddress(config: Config): string {
  if (!config.temporalAddress) throw new Error('TEMPORAL_ADDRESS must be set (host:port of the Temporal frontend)');
  return config.temporalAddress;
}

/**
 * `signalman start`. Everything it starts is undone on shutdown, last started first, each step
 * even when an earlier one failed; a start that fails, or a Ctrl-C during start, undoes what
 * already runs. Shutdown returns only once every child (tasks, dev server) has exited.
 */
async function embedded(config: Config): Promise<void> {
  const undo: UndoStep[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const step of [...undo].reverse()) {
        await step.run().catch((err: Error) => log(`while stopping ${step.what}: ${err.message}`));
      }
    })());
  let signalled = '';
  const startup = startEmbedded(config, undo, () => signalled);
  onShutdown(
    async (signal) => {
      signalled = signal;
      await startup.catch(() => {});
      await stopAll();
      log('stopped');
    },
    () => {
      for (const step of undo) step.kill?.();
    },
  );
  try {
    await startup;
  } catch (err) {
    await stopAll();
    if (signalled) return; // Ctrl-C during start: the shutdown handler reports and exits
    throw err;
  }
}

/** Something started, and how to undo it: `run` waits until it is gone, `kill` must not wait. */
interface UndoStep {
  what: string;
  run: () => Promise<void>;
  kill?: () => void;
}

class StartInterrupted extends Error {}

async function startEmbedded(config: Config, undo: UndoStep[], signalled: () => string): Promise<void> {
  const step = () => {
    if (signalled()) throw new StartInterrupted(`${signalled()} received during start`);
  };
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  log(`Signalman ${VERSION}: data in ${config.dataDir}`);
  log(codeOrigin());
  const db = await openDatabase(config);
  undo.push({ what: 'the database', run: () => db.$disconnect() });
  await announceAdmin(db, config);
  encryptionKeyFor(config, true); // created on first start, before the worker needs it
  step();
  const temporal = config.temporalAddress
    ? { address: config.temporalAddress, uiUrl: '', stop: async () => {}, killNow: () => {} }
    : await startDevServer(config);
  secureDataFolder(config.dataDir, config.databaseUrl); // the dev server's state, created just now
  undo.push({ what: 'the Temporal dev server', run: () => temporal.stop(), kill: () => temporal.killNow() });
  step();
  const client = await connectClient(temporal.address, config.temporalNamespace);
  undo.push({ what: 'the Temporal client', run: () => client.connection.close() });
  const live = inProcessLive(db); // API and worker share this process: live messages stay in it
  // The embedded dev server's Web UI is the known one, unless configured otherwise (the task view's link).
  const withUi = { ...config, temporalUiUrl: config.temporalUiUrl ?? (temporal.uiUrl || undefined) };
  const core = createCore(withUi, db, client, live.hooks);
  step();
  const worker = await startWorker(core, temporal.address);
  undo.push({
    what: 'the worker',
    run: () =>
      stopWorker(worker, `Signalman was shut down (${signalled() || 'at start'}) while this task ran: task stopped`),
  });
  step();
  const server = await startApi(core, live);
  undo.push({ what: 'the API', run: () => closeServer(server) });
  step();
  const report = await reconcileTasks(core);
  await reconcileSchedules(core);
  if (report.failed.length)
    log(`tasks left unfinished by an abrupt stop, now marked ended: ${report.failed.join(', ')}`);
  if (report.restarted.length) log(`queued tasks started again: ${report.restarted.join(', ')}`);
  step();

  const api = `${config.tls ? 'https' : 'http'}://localhost:${config.port}/api`;
  log(`API:              ${api}`);
  if (temporal.uiUrl) log(`Temporal Web UI:  ${temporal.uiUrl}`);
  log(
    `log in:           curl -c cookies.txt -H 'Content-Type: application/json' -d '{"auth":"admin","password":"<password>"}' ${api}/auth/login`,
  );
  log('press Ctrl-C to stop');
}

async function server(config: Config): Promise<void> {
  const address = requireTemporalAddress(config);
  log(codeOrigin());
  const db = await openDatabase(config);
  await announceAdmin(db, config);
  const client = await connectClient(address, config.temporalNamespace);
  const live = await apiServerLive(config.databaseUrl, db);
  if (!live.crossProcess)
    log(
      'live updates: on SQLite this server streams only the task changes it makes itself; use PostgreSQL to hear the workers',
    );
  const core = createCore(config, db, client, live.hooks);
  const http = await startApi(core, live);
  await reconcileSchedules(core);
  log(`API listening on port ${config.port}${config.tls ? ' (HTTPS)' : ''} (Temporal at ${address})`);
  onShutdown(async () => {
    await closeServer(http);
    await live.close();
    await client.connection.close();
    await db.$disconnect();
  });
}

async function worker(config: Config): Promise<void> {
  const address = requireTemporalAddress(config);
  log(codeOrigin());
  const db = await openDatabase(config);
  const live = workerLive(config.databaseUrl);
  const client = await connectClient(address, config.temporalNamespace); // activities signal the dispatcher
  const w = await startWorker(createCore(config, db, client, live.hooks), address);
  log(`worker polling task queue "${config.taskQueue}" at ${address}`);
  onShutdown(async (signal) => {
    await stopWorker(w, `the worker running this task was shut down (${signal}): task stopped`);
    await live.close(); // after the last status change, so that it reaches the API servers
    await client.connection.close().catch(() => {});
    await db.$disconnect();
  });
  await w.running;
}

async function runner(config: Config, argv: string[]): Promise<void> {
  if (['register', 'unregister'].includes(argv[0]) || argv.some((a) => a.startsWith('--protocol')))
    return protocolCommand(config, argv, log, onShutdown); // Semaphore's runner protocol over HTTP
  const address = requireTemporalAddress(config);
  const r = await startRunner(config, address, runnerOptions(argv, process.env), log);
  onShutdown(async (signal) => {
    await r.runningTasks.interruptAll(`the runner running this task was shut down (${signal}): task stopped`);
    r.shutdown();
    await r.done;
  });
  await r.done;
}

export async function main(args: string[]): Promise<void> {
  const { options, rest: argv } = configFlags(args);
  const [command] = argv;
  if (command === 'config') {
    if (argv[1] !== 'check') throw new Error('usage: signalman config check [--config <path>] [--no-config]');
    process.exitCode = configCheck(process.env, options);
    return;
  }
  const config = loadConfig(process.env, options);
  if (config.configFile && command !== 'version') {
    log(`configuration file: ${config.configFile}`);
    const exposure = fileExposure(config.configFile);
    if (exposure) log(exposure);
  }
  switch (command) {
    case 'start':
      return embedded(config);
    case 'server':
      return server(config);
    case 'worker':
      return worker(config);
    case 'runner':
      return runner(config, argv.slice(1));
    case 'migrate': {
      const applied = await applyMigrations(config.databaseUrl);
      log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
      return;
    }
    case 'version':
      console.log(VERSION);
      return;
    default:
      console.error(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

/**
 * V8 grows its heap lazily: a task printing a flood of lines left ~100 MB of garbage uncollected
 * (`npm run bench`, log ingestion). Favouring size makes it collect sooner, for a little CPU.
 * SIGNALMAN_V8_FLAGS replaces this choice (e.g. `--no-optimize-for-size`).
 */
function tuneHeap(): void {
  v8.setFlagsFromString(process.env.SIGNALMAN_V8_FLAGS ?? '--optimize-for-size');
}

export function run(argv: string[]): void {
  tuneHeap();
  main(argv).catch((err: Error) => {
    console.error(`[signalman] ${err.message}`);
    process.exit(1);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) run(process.argv.slice(2));
