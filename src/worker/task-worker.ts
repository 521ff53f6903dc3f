// Builds the worker that runs task workflows and their activities on the "signalman" task queue.
import { resolve } from 'node:path';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { connectWithRetry } from '../temporal/client.ts';
import { projectRoot } from '../paths.ts';
import { buildIsCurrent, buildPaths } from '../../scripts/build-info.mjs';

let runtimeInstalled = false;

/**
 * The bundle setup compiled (no webpack at start: faster, and about 100 MB less memory) when it
 * was built from the sources as they are now; otherwise the sources, bundled at start.
 */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  if (buildIsCurrent(projectRoot)) return { workflowBundle: { codePath: buildPaths(projectRoot).workflows } };
  return { workflowsPath: resolve(projectRoot, 'src/workflows/index.ts') };
}

/** Quiet SDK logging, and no SDK signal handlers: Signalman shuts down in its own order. */
export function installRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  runtimeInstalled = true;
}

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
}

export async function createTaskWorker(
  address: string,
  namespace: string,
  taskQueue: string,
  deps: ActivityDeps,
): Promise<WorkerHandle> {
  installRuntime();
  const connection = await connectWithRetry(() => NativeConnection.connect({ address }), address);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    ...workflowSource(),
    activities: createActivities(deps),
    // Heartbeats go out at least every half second, so a stop reaches a running process at once.
    maxHeartbeatThrottleInterval: '500 milliseconds',
    defaultHeartbeatThrottleInterval: '500 milliseconds',
    shutdownGraceTime: '5 seconds',
  });
  return { worker, connection };
}
