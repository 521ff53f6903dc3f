// One task prints 100 MiB without a newline (finding 6 of issue 9): the peak resident memory of
// Signalman while it does, what it keeps afterwards, and the latency of /api/ping, asked one
// after another for as long as the task runs. The live client stays connected, as a user
// watching the log would.
import { currentRss, mb, peakRss, resetPeakRss } from '../support/proc.ts';
import { LONG_LINE_MIB, postTask, type BenchStack } from '../support/stack.ts';
import { nowMs } from '../support/live.ts';
import { percentile } from '../support/stats.ts';
import type { Figure } from '../support/report.ts';

export async function longLine(stack: BenchStack): Promise<Figure[]> {
  const { signalman } = stack.pids;
  const before = mb(currentRss(signalman));
  const reset = resetPeakRss(signalman);

  const id = await postTask(stack, stack.templates.longLine);
  const pings: number[] = [];
  let status = '';
  for (let i = 0; !['success', 'error', 'stopped'].includes(status); i++) {
    const start = nowMs();
    const ping = await stack.api.get('/api/ping');
    if (ping.status !== 200) throw new Error(`/api/ping answered ${ping.status}`);
    pings.push(nowMs() - start);
    if (i % 10 === 0) status = (await stack.api.get(`/api/project/${stack.projectId}/tasks/${id}`)).body.status;
  }
  const peak = mb(peakRss(signalman));
  if (status !== 'success') throw new Error(`long-line task ended ${status}`);
  const task = (await stack.api.get(`/api/project/${stack.projectId}/tasks/${id}`)).body;
  const after = mb(currentRss(signalman));
  const rows = (await stack.api.get(`/api/project/${stack.projectId}/tasks/${id}/output?limit=5000`)).body as Array<{
    output: string;
    continued?: boolean;
  }>;
  const pieces = rows.filter((r) => r.continued).length + 1;
  const longest = Math.max(...rows.map((r) => r.output.length));
  const detail = {
    mib: LONG_LINE_MIB,
    seconds: (Date.parse(task.end) - Date.parse(task.start)) / 1000,
    pings: pings.length,
    ping_max_ms: Math.max(...pings),
    rows: pieces,
    longest_row_units: longest,
    rss_before_mb: before,
    rss_after_mb: after,
    peak_reset_before_run: reset,
  };
  console.log(
    `[bench] long line: ${pieces} rows of at most ${longest} units; ${pings.length} pings; RSS ${before} → peak ${peak} → ${after} MB`,
  );
  return [
    {
      name: `${LONG_LINE_MIB} MiB line: peak RSS signalman`,
      value: peak,
      unit: 'MB',
      target: { op: '<=', value: 300 },
      detail,
    },
    // For information: what matters is that it does not grow with the line (compare sizes with BENCH_LONG_LINE_MIB).
    {
      name: `${LONG_LINE_MIB} MiB line: RSS growth (peak − before)`,
      value: Math.round((peak - before) * 10) / 10,
      unit: 'MB',
    },
    {
      name: `${LONG_LINE_MIB} MiB line: /api/ping p50`,
      value: percentile(pings, 50),
      unit: 'ms',
      target: { op: '<=', value: 50 },
    },
    {
      name: `${LONG_LINE_MIB} MiB line: /api/ping p99`,
      value: percentile(pings, 99),
      unit: 'ms',
      target: { op: '<=', value: 250 },
    },
  ];
}
