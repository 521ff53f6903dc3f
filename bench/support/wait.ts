// Waiting for a task's status: the live update when it comes, else the API (polled).
import { isStatus, type LiveClient, nowMs } from './live.ts';
import type { BenchStack } from './stack.ts';

export const FINISHED = ['success', 'error', 'stopped'];

/** Resolves with the time the status was seen: live arrival time, or the poll that saw it. */
export async function waitStatus(stack: BenchStack, live: LiveClient | null, taskId: number, statuses = FINISHED, timeoutMs = 120_000): Promise<number> {
  let done = false;
  const viaLive = live ? live.waitFor(taskId, isStatus(...statuses), timeoutMs).then((r) => r.at) : new Promise<number>(() => {});
  const viaApi = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!done) {
      const res = await stack.api.get(`/api/project/${stack.projectId}/tasks/${taskId}`);
      if (statuses.includes(res.body?.status)) return nowMs();
      if (Date.now() > deadline) throw new Error(`task ${taskId} did not reach ${statuses.join('/')}: ${res.text}`);
      await new Promise((r) => setTimeout(r, live ? 250 : 50));
    }
    return Infinity;
  })();
  try {
    return await Promise.race([viaLive, viaApi]);
  } finally {
    done = true;
  }
}
