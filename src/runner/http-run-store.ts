// The RunStore of a remote runner: everything goes through the API with the runner's token.
import type { RunJob, RunStore } from '../tasks/run-store.ts';
import { TaskOutputWriter } from '../tasks/output-writer.ts';
import type { RunnerApi } from './api-client.ts';

export function httpRunStore(api: RunnerApi): RunStore {
  return {
    async loadJob(taskId) {
      return api.request<RunJob>('GET', `/runner/tasks/${taskId}/job`);
    },
    async openOutput(taskId) {
      const { lastSeq } = await api.request<{ lastSeq: number }>('GET', `/runner/tasks/${taskId}/status`);
      return TaskOutputWriter.withSink(taskId, lastSeq, async (lines) => {
        await api.request('POST', `/runner/tasks/${taskId}/output`, {
          lines: lines.map((l) => ({ seq: l.seq, time: l.time.toISOString(), output: l.output })),
        });
      });
    },
    async setStatus(taskId, status, extra) {
      await api.request('POST', `/runner/tasks/${taskId}/status`, { status, ...extra });
    },
    async status(taskId) {
      return (await api.request<{ status: string }>('GET', `/runner/tasks/${taskId}/status`)).status;
    },
  };
}
