// The building blocks of every process kind: the API server, the worker, and their shared setup.
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { accessKeyFile, type Config } from '../config/index.ts';
import { projectRoot } from '../paths.ts';
import { createDb, type Db } from '../store/db.ts';
import { countUsers } from '../store/users.ts';
import { applyMigrations } from '../store/migrate.ts';
import { loadOrCreateEncryptionKey, readEncryptionKey } from '../security/access-key-crypto.ts';
import { ensureAdmin } from '../services/auth.ts';
import { passwordTooShort } from '../security/passwords.ts';
import { hashPlainApiTokens } from '../services/api-tokens.ts';
import { newPassword } from '../security/tokens.ts';
import { createApp } from '../api/app.ts';
import { forgivingScheduleEngine } from '../temporal/schedule-engine.ts';
import { createTaskWorker, type WorkerHandle } from '../worker/task-worker.ts';
import { RunningTasks } from '../tasks/running-tasks.ts';
import { reapLeftoverTasks } from '../tasks/leftovers.ts';
import { checkTaskHost, describeTaskHost } from '../tasks/task-host-check.ts';
import { secureDataFolder } from '../security/data-folder.ts';
import type { LiveWiring } from '../live/wiring.ts';
import type { Core } from './core.ts';
import { createApiServer, listen, startHttpRedirect } from './listen.ts';
import { attachLiveSocket, closeLiveSocket } from '../api/ws/server.ts';

export const VERSION: string = JSON.parse(readFileSync(resolve(projectRoot, 'package.json'), 'utf8')).version;

export function log(message: string): void {
  console.log(`[signalman] ${message}`);
}

/** Also closes the data folder to other users (at every start: older installations left it open). */
export async function openDatabase(config: Config): Promise<Db> {
  secureDataFolder(config.dataDir, config.databaseUrl);
  const applied = await applyMigrations(config.databaseUrl);
  if (applied.length) log(`database migrated: ${applied.join(', ')}`);
  secureDataFolder(config.dataDir, config.databaseUrl);
  const db = createDb(config.databaseUrl);
  const hashed = await hashPlainApiTokens(db);
  if (hashed) log(`API tokens stored in plain text: ${hashed} now stored as their SHA-256`);
  return db;
}

export function encryptionKeyFor(config: Config, create: boolean): Buffer | null {
  const file = accessKeyFile(config);
  if (create) return loadOrCreateEncryptionKey(config.accessKeyEncryption, file);
  return readEncryptionKey(config.accessKeyEncryption, file);
}

export async function announceAdmin(db: Db, config: Config): Promise<void> {
  const tooShort =
    config.adminPassword === undefined ? null : passwordTooShort(config.adminPassword, config.passwordMinLength);
  if (tooShort && (await countUsers(db)) === 0) {
    throw new Error(
      `SIGNALMAN_ADMIN_PASSWORD ${tooShort} (SIGNALMAN_PASSWORD_MIN_LENGTH is ${config.passwordMinLength}); the first user was not created`,
    );
  }
  const admin = await ensureAdmin(db, config.adminPassword, newPassword);
  if (!admin.created) return;
  if (admin.password) {
    log('created the first user: admin');
    log(`  password: ${admin.password}   (shown once; set SIGNALMAN_ADMIN_PASSWORD to choose it)`);
  } else {
    log('created the first user: admin, with the password from SIGNALMAN_ADMIN_PASSWORD');
  }
}

/** `live.bus` carries live task messages to /api/ws; the core's journal is what feeds it. */
export async function startApi(core: Core, live: Pick<LiveWiring, 'bus'>): Promise<Server> {
  const { config, db } = core;
  const app = createApp({
    db,
    config,
    engine: core.engine,
    journal: core.journal,
    schedules: forgivingScheduleEngine(core.timers),
    encryptionKey: encryptionKeyFor(config, true),
    version: VERSION,
  });
  const server = createApiServer(app, config);
  attachLiveSocket(server, db, live.bus, undefined, config.webHost);
  await listen(server, config.port, config.host);
  await startHttpRedirect(server, config);
  return server;
}

export interface StartedWorker extends WorkerHandle {
  runningTasks: RunningTasks;
  running: Promise<void>;
}

/** Its activities write through the core's journal and start tasks through its engine. */
export async function startWorker(core: Core, address: string): Promise<StartedWorker> {
  const { config, db, client, journal, engine, timers } = core;
  const runningTasks = new RunningTasks();
  const runAs = checkTaskHost(config); // refuses to take tasks it could not contain
  log(describeTaskHost(config, runAs));
  // <data>/tasks: where working copies lived before they moved to the task root.
  const reaped = reapLeftoverTasks(config.taskRoot, resolve(config.dataDir, 'tasks'));
  if (reaped.length) log(`ended what a killed worker left of tasks ${reaped.join(', ')}`);
  const handle = await createTaskWorker(address, config.temporalNamespace, config.taskQueue, {
    db,
    config,
    client,
    runningTasks,
    encryptionKey: encryptionKeyFor(config, false),
    journal,
    engine,
    timers,
  });
  const running = handle.worker.run();
  return { ...handle, runningTasks, running };
}

/** Stops running tasks (status stopped, with the reason in their log), then the worker. */
export async function stopWorker(w: StartedWorker, reason: string): Promise<void> {
  await w.runningTasks.interruptAll(reason);
  w.worker.shutdown();
  await w.running.catch(() => {});
  await w.connection.close().catch(() => {});
}

export function closeServer(server: Server): Promise<void> {
  closeLiveSocket(server);
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

/**
 * Runs `stop` on SIGINT/SIGTERM once; a second signal exits at once, after `killNow` (which
 * must not wait) has ended the children that would otherwise outlive this process.
 */
export function onShutdown(stop: (signal: string) => Promise<void>, killNow?: () => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log('second signal: exiting now');
      killNow?.();
      process.exit(1);
    }
    stopping = true;
    log(`${signal} received: shutting down`);
    stop(signal).then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
