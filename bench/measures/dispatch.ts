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
  const phases: Phases[] = [];
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
    if (i >= WARM_UP) phases.push(await phasesOf(stack, id, t0));
  }
  const s = summary(seen);
  const median = (k: keyof Phases) => Math.round(summary(phases.map((p) => p[k])).p50);
  const detail = {
    runs,
    live_ms: s,
    line_read_by_server_ms: summary(read),
    // Where the time goes (medians, from the times of the task's own log lines).
    phases_p50_ms: {
      post_to_queued: median('queued'),
      queued_to_started: median('started'),
      started_to_run: median('run'),
      run_to_first_line: median('firstLine'),
    },
  };
  return [
    { name: 'dispatch latency p50', value: s.p50, unit: 'ms', target: { op: '<=', value: 300 }, detail },
    { name: 'dispatch latency p95', value: s.p95, unit: 'ms' },
  ];
}

interface Phases {
  queued: number;
  started: number;
  run: number;
  firstLine: number;
}

/** POST → "added to queue" → "Started" (slot granted, startTask) → "Cloning" (runTask) → script line. */
async function phasesOf(stack: BenchStack, id: number, t0: number): Promise<Phases> {
  const lines = (await stack.api.get(`/api/project/${stack.projectId}/tasks/${id}/output`)).body as Array<{
    output: string;
    time: string;
  }>;
  const at = (test: (o: string) => boolean) => Date.parse(lines.find((l) => test(l.output))?.time ?? '');
  const queued = at((o) => o.endsWith('added to queue'));
  const started = at((o) => o.startsWith('Started:'));
  const run = at((o) => o.startsWith('Cloning Repository'));
  const first = at((o) => o === 'first line');
  return { queued: queued - t0, started: started - queued, run: run - started, firstLine: first - run };
}
