// Signalman's API and worker inside the test process, on a fresh database (SQLite or PostgreSQL),
// against the shared Temporal dev server in a namespace of its own. Real parts throughout.
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../src/config/index.ts';
import type { Db } from '../../src/store/db.ts';
import { connectClient } from '../../src/temporal/client.ts';
import {
  closeServer,
  encryptionKeyFor,
  openDatabase,
  startApi,
  startWorker,
  stopWorker,
  type StartedWorker,
} from '../../src/cli/processes.ts';
import { ensureAdmin } from '../../src/services/auth.ts';
import { inProcessLive } from '../../src/live/wiring.ts';
import { createCore, type Core } from '../../src/cli/core.ts';
import { ApiClient } from './api-client.ts';
import { claimNamespace, freshDatabaseUrl, testTemporalAddress, workDir, type DbKind } from './env.ts';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface InProcessStack {
  kind: DbKind;
  config: Config;
  db: Db;
  client: Client;
  base: string;
  /** Logged in as the admin user. */
  admin: ApiClient;
  /** A client with no credentials. */
  anonymous: ApiClient;
  worker: StartedWorker;
  /** What the API and the worker share: the journal and the engine among it. */
  core: Core;
  /** Stops the worker, as a worker going away does, and starts a new one (no workflow cached). */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function startInProcess(kind: DbKind, env: Record<string, string> = {}): Promise<InProcessStack> {
  const address = testTemporalAddress();
  const namespace = claimNamespace();
  const config = loadConfig({
    ...process.env,
    SIGNALMAN_DATA_DIR: workDir('data'),
    DATABASE_URL: await freshDatabaseUrl(kind),
    TEMPORAL_NAMESPACE: namespace,
    SIGNALMAN_TASK_QUEUE: `q-${namespace}`,
    SIGNALMAN_PORT: '0',
    SIGNALMAN_HOST: '127.0.0.1',
    // Every test logs in from 127.0.0.1, and some fail logins on purpose: throttling has its own tests.
    SIGNALMAN_LOGIN_MAX_FAILURES_PER_USER: '1000000',
    SIGNALMAN_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
    ...env,
  });
  const db = await openDatabase(config);
  await ensureAdmin(db, ADMIN_PASSWORD, () => ADMIN_PASSWORD);
  const client = await connectClient(address, namespace);
  encryptionKeyFor(config, true); // as `signalman start` does: the key exists before the worker starts
  const live = inProcessLive(db); // as in `signalman start`: the worker's live messages reach /api/ws
  const core = createCore(config, db, client, live.hooks);
  let worker = await startWorker(core, address);
  const server: Server = await startApi(core, live);
  const port = (server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const admin = new ApiClient(base);
  await admin.login('admin', ADMIN_PASSWORD);
  const stack: InProcessStack = {
    kind,
    config,
    db,
    client,
    base,
    admin,
    anonymous: new ApiClient(base),
    worker,
    core,
    async restartWorker() {
      await stopWorker(worker, 'the worker was restarted');
      worker = await startWorker(core, address);
      stack.worker = worker;
    },
    async close() {
      await stopWorker(worker, 'test finished');
      await closeServer(server);
      await client.connection.close();
      await db.$disconnect();
    },
  };
  return stack;
}
