// Waiting for a task's status: the live update when it comes, else the API (polled).
import { isStatus, type LiveClient, nowMs } from './live.ts';
import type { BenchStack } from './stack.ts';

export const FINISHED = ['success', 'error', 'stopped'];

/** Resolves with the time the status was seen: live arrival time, or the poll that saw it. */
export async function waitStatus(
  stack: BenchStack,
  live: LiveClient | null,
  taskId: number,
  statuses = FINISHED,
  timeoutMs = 120_000,
): Promise<number> {
  let done = false;
  const viaLive = live
    ? live.waitFor(taskId, isStatus(...statuses), timeoutMs).then((r) => r.at)
    : new Promise<number>(() => {});
  const viaApi = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!done) {
      const res = await stack.api.get(`/api/project/${stack.projectId}/tasks/${taskId}`);
      if (statuses.includes(res.body?.status)) return nowMs();
      if (Date.now() > deadline) throw new Error(`task ${taskId} did not reach ${statuses.join('/')}: ${res.text}`);
      // With a live client the poll is only a safety net: polling must not load the server measured.
      await new Promise((r) => setTimeout(r, live ? 2_000 : 100));
    }
    return Infinity;
  })();
  try {
    return await Promise.race([viaLive, viaApi]);
  } finally {
    done = true;
  }
}

/** Waits for many tasks at once: live updates, and one list request every 2 s as the safety net. */
export async function waitAllFinished(
  stack: BenchStack,
  live: LiveClient,
  ids: number[],
  timeoutMs: number,
): Promise<Map<number, number>> {
  const ends = new Map<number, number>();
  const deadline = Date.now() + timeoutMs;
  let lastPoll = Date.now();
  for (;;) {
    for (const id of ids) {
      const seen = ends.has(id)
        ? undefined
        : live.of(id).find((r) => r.message.type === 'update' && FINISHED.includes(r.message.status));
      if (seen) ends.set(id, seen.at);
    }
    if (ends.size === ids.length) return ends;
    if (Date.now() > deadline)
      throw new Error(`${ids.length - ends.size} of ${ids.length} tasks did not finish in time`);
    await new Promise((r) => setTimeout(r, 100));
    if (Date.now() - lastPoll >= 2_000) {
      lastPoll = Date.now();
      const list = (await stack.api.get(`/api/project/${stack.projectId}/tasks`)).body as Array<{
        id: number;
        status: string;
      }>;
      for (const t of list)
        if (ids.includes(t.id) && FINISHED.includes(t.status) && !ends.has(t.id)) ends.set(t.id, nowMs());
    }
  }
}
