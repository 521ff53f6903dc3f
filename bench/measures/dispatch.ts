// Dispatch latency: POST /tasks → the first line of an `echo` script reaches a live client.
// Runs one after another on an idle server (a template that allows parallel runs, so no run
// waits for the previous one's bookkeeping). The time the server read the line is kept as detail.
import { isLog, nowMs } from '../support/live.ts';
import { summary } from '../support/stats.ts';
import { postTask, type BenchStack } from '../support/stack.ts';
import { waitStatus } from '../support/wait.ts';
import type { Figure } from '../support/report.ts';

const WARM_UP = 3;

export async function dispatchLatency(stack: BenchStack, runs = 50): Promise<Figure[]> {
  const seen: number[] = [];
  const read: number[] = [];
  for (let i = 0; i < WARM_UP + runs; i++) {
    const t0 = nowMs();
    const id = await postTask(stack, stack.templates.echo);
    const line = await stack.live.waitFor(id, isLog('first line'));
    if (i >= WARM_UP) {
      seen.push(line.at - t0);
      read.push(Date.parse(line.message.time) - t0);
    }
    await waitStatus(stack, stack.live, id);
    stack.live.forget(id);
  }
  const s = summary(seen);
  const detail = { runs, live_ms: s, line_read_by_server_ms: summary(read) };
  return [
    { name: 'dispatch latency p50', value: s.p50, unit: 'ms', target: { op: '<=', value: 300 }, detail },
    { name: 'dispatch latency p95', value: s.p95, unit: 'ms' },
  ];
}
