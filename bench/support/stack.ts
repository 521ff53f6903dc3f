// The system under test: `signalman start` as a real process (embedded mode: its own Temporal dev
// server, SQLite in a temporary data folder), a project with a real git repository of scripts,
// one template per benchmark, and a live /api/ws connection.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmbedded, type EmbeddedInstance } from '../../test/support/processes.ts';
import { makeRepo } from '../../test/support/git-repo.ts';
import { createProjectWithRepo, createTemplate } from '../../test/support/fixtures.ts';
import type { ApiClient } from '../../test/support/api-client.ts';
import { LiveClient } from './live.ts';

export const MAX_PARALLEL_TASKS = 8;
export const FLOOD_LINES = 200_000;
export const TICKS = 200;
/** `BENCH_LONG_LINE_MIB` changes it, to see that memory does not grow with the line. */
export const LONG_LINE_MIB = Number(process.env.BENCH_LONG_LINE_MIB || 100);

const SCRIPTS = {
  'echo.sh': 'echo "first line"\n',
  // $EPOCHREALTIME is bash's own clock: no fork between the stamp and the print.
  'ticks.sh': `for i in $(seq 1 ${TICKS}); do echo "tick $EPOCHREALTIME"; sleep 0.02; done\n`,
  'sleep.sh': 'echo "sleeping"\nexec sleep 600\n',
  'flood.sh': `seq -f 'flood line %06g: some text of the size of an ordinary log line' 1 ${FLOOD_LINES}\n`,
  'long-line.sh': `head -c ${LONG_LINE_MIB * 1024 * 1024} /dev/zero | tr '\\0' x\n`,
};

export interface BenchStack {
  api: ApiClient;
  live: LiveClient;
  projectId: number;
  templates: Record<'echo' | 'ticks' | 'sleep' | 'flood' | 'longLine', number>;
  pids: { signalman: number; temporal: number };
  /** Opens another /api/ws connection (the first may be closed by a benchmark). */
  reconnect(): Promise<LiveClient>;
  close(): Promise<void>;
}

export async function startBench(): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'signalman-bench-'));
  const password = 'bench-admin-password';
  let instance: EmbeddedInstance | undefined;
  try {
    instance = await startEmbedded(dataDir, {
      SIGNALMAN_ADMIN_PASSWORD: password,
      SIGNALMAN_MAX_PARALLEL_TASKS: String(MAX_PARALLEL_TASKS),
      SIGNALMAN_HOST: '127.0.0.1',
      MALLOC_ARENA_MAX: '2', // as `npm start` and the Docker image run it
    });
    const { api, proc, port } = instance;
    await api.login('admin', password);
    const token = (await api.post('/api/user/tokens')).body.id as string;
    const repo = makeRepo(SCRIPTS, 'benchmark scripts');
    const f = await createProjectWithRepo(api, repo.url);
    const parallel = { allow_parallel_tasks: true };
    const templates = {
      echo: await createTemplate(api, f, 'echo.sh', parallel),
      ticks: await createTemplate(api, f, 'ticks.sh', parallel),
      sleep: await createTemplate(api, f, 'sleep.sh', parallel),
      flood: await createTemplate(api, f, 'flood.sh', parallel),
      longLine: await createTemplate(api, f, 'long-line.sh', parallel),
    };
    const wsUrl = `ws://127.0.0.1:${port}/api/ws`;
    const temporal = Number(readFileSync(join(dataDir, 'temporal', 'server.pid'), 'utf8'));
    const started = instance;
    return {
      api,
      live: await LiveClient.connect(wsUrl, token),
      projectId: f.projectId,
      templates,
      pids: { signalman: proc.child.pid!, temporal },
      reconnect: () => LiveClient.connect(wsUrl, token),
      async close() {
        await started.proc.stop('SIGINT');
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(dirname(repo.path), { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (instance) console.error(instance.proc.output);
    await instance?.proc.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** POSTs a task and returns its id (throws with the API's answer when refused). */
export async function postTask(stack: BenchStack, templateId: number): Promise<number> {
  const res = await stack.api.post(`/api/project/${stack.projectId}/tasks`, { template_id: templateId });
  if (res.status !== 201) throw new Error(`POST task: ${res.status} ${res.text}`);
  return res.body.id as number;
}
