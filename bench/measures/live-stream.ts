// Live-stream latency: a script prints lines stamped with bash's clock; each line's arrival on
// /api/ws minus its stamp.
import { summary } from '../support/stats.ts';
import { postTask, TICKS, type BenchStack } from '../support/stack.ts';
import { waitStatus } from '../support/wait.ts';
import type { Figure } from '../support/report.ts';

export async function liveStreamLatency(stack: BenchStack): Promise<Figure[]> {
  const id = await postTask(stack, stack.templates.ticks);
  await waitStatus(stack, stack.live, id);
  const latencies = stack.live
    .of(id)
    .map((r) => ({ r, m: /^tick (\d+[.,]\d+)$/.exec(r.message.type === 'log' ? r.message.output : '') }))
    .filter((x) => x.m)
    .map(({ r, m }) => r.at - Number(m![1].replace(',', '.')) * 1000);
  stack.live.forget(id);
  if (latencies.length !== TICKS) throw new Error(`live stream: received ${latencies.length} of ${TICKS} lines`);
  const s = summary(latencies);
  return [
    {
      name: 'live-stream latency p95',
      value: s.p95,
      unit: 'ms',
      target: { op: '<=', value: 500 },
      detail: { lines: TICKS, ms: s },
    },
  ];
}
