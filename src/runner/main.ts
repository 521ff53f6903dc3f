// `signalman runner --tag T [--one-off]`: a remote runner. It authenticates to the API with the
// token an admin created (POST /api/runners, shown once), polls its own Temporal task queue
// (runner-<tag>) for the runs of tasks whose template or inventory names that tag, and runs them
// with the same code as a server-side worker. It holds no database credentials and no encryption
// key: a task's job, with its decrypted secrets, comes from the API, and output and status go back.
import { parseArgs } from 'node:util';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../config/index.ts';
import { createRunActivities } from '../activities/run-task.ts';
import { RunningTasks } from '../tasks/running-tasks.ts';
import { reapLeftoverTasks } from '../tasks/leftovers.ts';
import { checkTaskHost, describeTaskHost } from '../tasks/task-host-check.ts';
import { connectWithRetry } from '../temporal/client.ts';
import { installRuntime } from '../worker/task-worker.ts';
import { runnerTaskQueue } from '../workflows/names.ts';
import { RunnerApi, RunnerApiError } from './api-client.ts';
import { httpRunStore } from './http-run-store.ts';

export interface RunnerOptions {
  tag: string;
  oneOff: boolean;
  serverUrl: string;
  token: string;
}

export function runnerOptions(argv: string[], env: NodeJS.ProcessEnv): RunnerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      tag: { type: 'string' },
      'one-off': { type: 'boolean' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
    strict: true,
  });
  const tag = values.tag ?? env.SIGNALMAN_RUNNER_TAG ?? '';
  const serverUrl = values.url ?? env.SIGNALMAN_SERVER_URL ?? '';
  const token = values.token ?? env.SIGNALMAN_RUNNER_TOKEN ?? '';
  if (!tag) throw new Error('a runner needs a tag: --tag <tag> (or SIGNALMAN_RUNNER_TAG)');
  if (!serverUrl) throw new Error('a runner needs the server URL: --url http://server:3000 (or SIGNALMAN_SERVER_URL)');
  if (!token)
    throw new Error('a runner needs its token: SIGNALMAN_RUNNER_TOKEN (an admin creates it with POST /api/runners)');
  return { tag, oneOff: values['one-off'] ?? env.SIGNALMAN_RUNNER_ONE_OFF === 'true', serverUrl, token };
}

export interface StartedRunner {
  runningTasks: RunningTasks;
  /** Stops taking tasks (the one running ends first) and ends `done`. */
  shutdown(): void;
  done: Promise<void>;
}

/** How often the runner asks whether it is still active (a deactivated runner takes no task). */
const ACTIVE_CHECK_MS = 5000;

interface RunnerSelf {
  id: number;
  name: string;
  tag: string;
  active: boolean;
  max_parallel_tasks: number;
}

/** The runner's own record; null while it is deactivated (the API refuses an inactive runner with 403). */
async function readSelf(api: RunnerApi): Promise<RunnerSelf | null> {
  try {
    return await api.request<RunnerSelf>('GET', '/runner/self');
  } catch (err) {
    if (err instanceof RunnerApiError && err.status === 403) return null;
    throw err;
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRunner(
  config: Config,
  address: string,
  opts: RunnerOptions,
  log: (m: string) => void,
): Promise<StartedRunner> {
  const api = new RunnerApi(opts.serverUrl, opts.token);
  let self = await readSelf(api);
  if (self && self.tag !== opts.tag)
    throw new Error(`this token belongs to runner ${self.id} with tag "${self.tag}", not "${opts.tag}"`);
  log(describeTaskHost(config, checkTaskHost(config))); // refuses to take tasks it could not contain
  const reaped = reapLeftoverTasks(config.taskRoot);
  if (reaped.length) log(`ended what a killed runner left of tasks ${reaped.join(', ')}`);
  installRuntime();
  const connection = await connectWithRetry(() => NativeConnection.connect({ address }), address);
  const runningTasks = new RunningTasks();
  const { runTask } = createRunActivities(httpRunStore(api), config, runningTasks);
  let worker: Worker | undefined;
  let stopping = false;
  const activities = {
    async runTask(...args: Parameters<typeof runTask>) {
      try {
        return await runTask(...args);
      } finally {
        if (opts.oneOff) {
          log('one-off runner: the task is done, exiting');
          stopping = true;
          worker?.shutdown();
        }
      }
    },
  };

  /** Polls the runner's queue while the runner is active; returns when it is deactivated or shut down. */
  async function serve(me: RunnerSelf): Promise<void> {
    if (me.tag !== opts.tag)
      throw new Error(`this token belongs to runner ${me.id} with tag "${me.tag}", not "${opts.tag}"`);
    worker = await Worker.create({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: runnerTaskQueue(opts.tag),
      activities,
      maxConcurrentActivityTaskExecutions: opts.oneOff ? 1 : Math.max(1, me.max_parallel_tasks || 1),
      maxHeartbeatThrottleInterval: '500 milliseconds',
      defaultHeartbeatThrottleInterval: '500 milliseconds',
    });
    log(`runner ${me.id} (${me.name || 'unnamed'}) polling task queue "${runnerTaskQueue(opts.tag)}" at ${address}`);
    const current = worker;
    const watch = (async () => {
      while (!stopping && current.getState() === 'RUNNING') {
        await pause(ACTIVE_CHECK_MS);
        if (stopping || current.getState() !== 'RUNNING') return;
        if ((await readSelf(api).catch(() => self)) === null) {
          log(`runner ${me.id} was deactivated: it takes no more tasks until it is active again`);
          current.shutdown();
          return;
        }
      }
    })();
    await current.run();
    await watch;
  }

  const done = (async () => {
    try {
      let saidInactive = false;
      while (!stopping) {
        if (!self) {
          if (!saidInactive) log('this runner is not active: waiting until an admin activates it');
          saidInactive = true;
          await pause(ACTIVE_CHECK_MS);
          self = await readSelf(api);
          continue;
        }
        saidInactive = false;
        await serve(self);
        self = stopping ? self : await readSelf(api);
      }
    } finally {
      await connection.close().catch(() => {});
    }
  })();
  return {
    runningTasks,
    shutdown() {
      stopping = true;
      worker?.shutdown();
    },
    done,
  };
}
