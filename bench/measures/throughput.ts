// Throughput: 200 trivial tasks posted at once (8 requests in flight), run with
// SIGNALMAN_MAX_PARALLEL_TASKS=8; tasks per minute from the first POST to the last task's end.
import { nowMs } from '../support/live.ts';
import { postTask, type BenchStack } from '../support/stack.ts';
import { waitAllFinished } from '../support/wait.ts';
import type { Figure } from '../support/report.ts';

const POSTS_IN_FLIGHT = 8;

export async function throughput(stack: BenchStack, tasks = 200): Promise<Figure[]> {
  const t0 = nowMs();
  const ids: number[] = [];
  let next = 0;
  const poster = async () => {
    while (next < tasks) {
      next++;
      ids.push(await postTask(stack, stack.templates.echo));
    }
  };
  await Promise.all(Array.from({ length: POSTS_IN_FLIGHT }, poster));
  const postedIn = nowMs() - t0;
  const ends = await waitAllFinished(stack, stack.live, ids, 900_000);
  const elapsed = Math.max(...ends.values()) - t0;
  const list = (await stack.api.get(`/api/project/${stack.projectId}/tasks`)).body as Array<{
    id: number;
    status: string;
  }>;
  const failed = list.filter((t) => ids.includes(t.id) && t.status !== 'success').length;
  for (const id of ids) stack.live.forget(id);
  return [
    {
      name: 'throughput',
      value: (tasks / elapsed) * 60_000,
      unit: 'tasks/min',
      target: { op: '>=', value: 300 },
      detail: { tasks, failed, elapsed_ms: Math.round(elapsed), all_posted_ms: Math.round(postedIn) },
    },
  ];
}
