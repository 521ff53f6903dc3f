// The RunStore of a remote runner: everything goes through the API with the runner's token.
import type { RunJob, RunStore } from '../tasks/run-store.ts';
import { TaskOutputWriter, type OutputLine } from '../tasks/output-writer.ts';
import type { RunnerApi } from './api-client.ts';

/**
 * Text per request, in UTF-16 units: even escaped six times over in JSON it stays under the
 * API's 2 MB body limit, now that one row of a long line can hold 64 Ki units.
 */
const UNITS_PER_REQUEST = 256 * 1024;

function requestSized(lines: OutputLine[]): OutputLine[][] {
  const parts: OutputLine[][] = [];
  let part: OutputLine[] = [];
  let units = 0;
  for (const line of lines) {
    if (part.length > 0 && units + line.output.length > UNITS_PER_REQUEST) {
      parts.push(part);
      part = [];
      units = 0;
    }
    part.push(line);
    units += line.output.length;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

export function httpRunStore(api: RunnerApi): RunStore {
  return {
    async loadJob(taskId, sealedSecret) {
      // The sealed secret survey values came with the run; the API opens them for this task only.
      if (sealedSecret) return api.request<RunJob>('POST', `/runner/tasks/${taskId}/job`, { secret: sealedSecret });
      return api.request<RunJob>('GET', `/runner/tasks/${taskId}/job`);
    },
    async openOutput(taskId) {
      const { lastSeq } = await api.request<{ lastSeq: number }>('GET', `/runner/tasks/${taskId}/status`);
      return TaskOutputWriter.withSink(taskId, lastSeq, async (lines) => {
        for (const part of requestSized(lines)) {
          await api.request('POST', `/runner/tasks/${taskId}/output`, {
            lines: part.map((l) => ({
              seq: l.seq,
              time: l.time.toISOString(),
              output: l.output,
              ...(l.continued ? { continued: true } : {}),
            })),
          });
        }
      });
    },
    async setStatus(taskId, status, extra) {
      await api.request('POST', `/runner/tasks/${taskId}/status`, { status, ...extra });
    },
    async status(taskId) {
      return (await api.request<{ status: string }>('GET', `/runner/tasks/${taskId}/status`)).status;
    },
    async stopRequest(taskId) {
      const state = await api.request<{ force_stop?: boolean; timed_out?: boolean }>(
        'GET',
        `/runner/tasks/${taskId}/status`,
      );
      return { force: state.force_stop === true, timedOut: state.timed_out === true };
    },
    async recordStage(taskId, stage) {
      await api.request('POST', `/runner/tasks/${taskId}/stages`, {
        type: stage.type,
        start: stage.start.toISOString(),
        end: stage.end.toISOString(),
        first_seq: stage.firstSeq,
        last_seq: stage.lastSeq,
      });
    },
  };
}
