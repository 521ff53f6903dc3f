// A split deployment as real processes: `signalman server` ×N and `signalman worker` ×M on a
// fresh PostgreSQL database, the shared Temporal dev server and a namespace of their own.
import { randomBytes } from 'node:crypto';
import { ApiClient } from './api-client.ts';
import { claimNamespace, freshPostgresUrl, testTemporalAddress, workDir } from './env.ts';
import { freePort } from './ports.ts';
import { SignalmanProcess } from './processes.ts';

export interface SplitDeployment {
  databaseUrl: string;
  /** Logged in as admin, one per server. */
  apis: ApiClient[];
  procs: SignalmanProcess[];
}

export async function startSplit(servers: number, workers: number, adminPassword: string): Promise<SplitDeployment> {
  const namespace = claimNamespace();
  const databaseUrl = await freshPostgresUrl();
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_NAMESPACE: namespace,
    SIGNALMAN_TASK_QUEUE: `split-${namespace}`,
    SIGNALMAN_ADMIN_PASSWORD: adminPassword,
    SIGNALMAN_ACCESS_KEY_ENCRYPTION: randomBytes(32).toString('base64'),
  };
  const procs: SignalmanProcess[] = [];
  const apis: ApiClient[] = [];
  for (let i = 0; i < servers; i++) {
    const port = await freePort();
    const server = new SignalmanProcess(['server'], {
      ...env,
      SIGNALMAN_PORT: String(port),
      SIGNALMAN_DATA_DIR: workDir('server'),
    });
    procs.push(server);
    await server.waitFor(/API listening on port/);
    apis.push(new ApiClient(`http://127.0.0.1:${port}`));
  }
  for (let i = 0; i < workers; i++) {
    const worker = new SignalmanProcess(['worker'], { ...env, SIGNALMAN_DATA_DIR: workDir('worker') });
    procs.push(worker);
    await worker.waitFor(/worker polling task queue/);
  }
  for (const api of apis) await api.login('admin', adminPassword);
  return { databaseUrl, apis, procs };
}
