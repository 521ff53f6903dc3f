// Stop latency: a running `sleep 600` task; POST …/stop → the task is `stopped`.
import { isLog, nowMs } from '../support/live.ts';
import { summary } from '../support/stats.ts';
import { postTask, type BenchStack } from '../support/stack.ts';
import { waitStatus } from '../support/wait.ts';
import type { Figure } from '../support/report.ts';

export async function stopLatency(stack: BenchStack, runs = 20): Promise<Figure[]> {
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = await postTask(stack, stack.templates.sleep);
    await stack.live.waitFor(id, isLog('sleeping'));
    const t0 = nowMs();
    const res = await stack.api.post(`/api/project/${stack.projectId}/tasks/${id}/stop`, {});
    if (res.status !== 204) throw new Error(`stop task ${id}: ${res.status} ${res.text}`);
    latencies.push((await waitStatus(stack, stack.live, id, ['stopped'])) - t0);
    stack.live.forget(id);
  }
  const s = summary(latencies);
  return [
    {
      name: 'stop latency p95',
      value: s.p95 / 1000,
      unit: 's',
      target: { op: '<=', value: 2 },
      detail: { runs, ms: s },
    },
  ];
}
