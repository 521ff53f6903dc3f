// Log ingestion: one task prints 200,000 lines; lines stored per second (the task's start to its
// end: the run ends only once every line is in the database), and the peak resident memory of the
// Signalman process and of the Temporal dev server during the run (the peak is reset first, so it
// starts from what the earlier benchmarks left). The live client stays connected, as a user
// watching the log would.
import { currentRss, mb, peakRss, resetPeakRss } from '../support/proc.ts';
import { FLOOD_LINES, postTask, type BenchStack } from '../support/stack.ts';
import { waitStatus } from '../support/wait.ts';
import { isStatus } from '../support/live.ts';
import type { Figure } from '../support/report.ts';

const RSS_LIMIT_MB = 300;

export async function logIngestion(stack: BenchStack): Promise<Figure[]> {
  const { signalman, temporal } = stack.pids;
  const sinceStart = { signalman: mb(peakRss(signalman)), temporal: mb(peakRss(temporal)) };
  const before = { signalman: mb(currentRss(signalman)), temporal: mb(currentRss(temporal)) };
  const reset = resetPeakRss(signalman) && resetPeakRss(temporal);

  const id = await postTask(stack, stack.templates.flood);
  await waitStatus(stack, null, id, undefined, 600_000);
  const task = (await stack.api.get(`/api/project/${stack.projectId}/tasks/${id}`)).body;
  const peak = { signalman: mb(peakRss(signalman)), temporal: mb(peakRss(temporal)) };
  if (task.status !== 'success') throw new Error(`flood task ended ${task.status}`);
  const tail = (
    await stack.api.get(`/api/project/${stack.projectId}/tasks/${id}/output?offset=${FLOOD_LINES - 1}&limit=100`)
  ).body as Array<{ output: string }>;
  const last = `flood line ${String(FLOOD_LINES).padStart(6, '0')}:`;
  if (!tail.some((l) => l.output.startsWith(last))) throw new Error(`flood task: the last line is not stored`);

  const seconds = (Date.parse(task.end) - Date.parse(task.start)) / 1000;
  // The watching client is part of the load: say whether it kept up (a slow client is dropped).
  await stack.live.waitFor(id, isStatus('success'), 60_000).catch(() => undefined);
  const streamed = stack.live
    .of(id)
    .filter((r) => r.message.type === 'log' && String(r.message.output).startsWith('flood line')).length;
  console.log(
    `[bench] ingestion: the live client ${stack.live.open ? 'stayed connected' : 'was dropped'} and received ${streamed} of ${FLOOD_LINES} lines`,
  );
  const detail = {
    lines: FLOOD_LINES,
    seconds,
    live_client: { connected: stack.live.open, lines_received: streamed },
    peak_reset_before_run: reset,
    rss_before_run_mb: before,
    peak_since_process_start_mb: sinceStart,
  };
  const rss = (name: string, value: number): Figure => ({
    name: `ingestion peak RSS ${name}`,
    value,
    unit: 'MB',
    target: { op: '<=', value: RSS_LIMIT_MB },
  });
  return [
    {
      name: 'log ingestion',
      value: FLOOD_LINES / seconds,
      unit: 'lines/s',
      target: { op: '>=', value: 50_000 },
      detail,
    },
    rss('signalman', peak.signalman),
    rss('temporal dev server', peak.temporal),
  ];
}
