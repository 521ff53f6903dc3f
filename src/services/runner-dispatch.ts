// Giving tasks to runners that speak Semaphore's protocol (semaphore-behaviour.md §3.10, §7):
// whether a task goes to one, which runner takes it, and the runner's webhook.
import type { Db } from '../store/db.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { RunnerSettings } from '../config/settings/runners.ts';
import { findTask } from '../store/tasks.ts';
import { protocolRunnersFor, protocolsOfTag, runnerLoads } from '../store/runner-protocol.ts';

/**
 * A task runs on a protocol runner when `use_remote_runner` is on, or when its runner tag is
 * carried by protocol runners only; a tag that a Temporal runner (`signalman runner --tag`)
 * carries keeps going to that runner's queue.
 */
export async function runsOnProtocolRunner(
  db: Db,
  settings: Pick<RunnerSettings, 'use_remote_runner'>,
  tag: string | null,
): Promise<boolean> {
  if (!tag) return settings.use_remote_runner;
  const protocols = await protocolsOfTag(db, tag);
  if (protocols.has('temporal')) return false;
  return settings.use_remote_runner || protocols.has('http');
}

export interface Assigned {
  id: number;
  name: string;
  webhook: string;
}

/**
 * Gives the task to the first active protocol runner with a free slot that polled lately (its
 * project's runners first, then global ones); null when none can take it now.
 */
export async function assignProtocolRunner(
  db: Db,
  journal: TaskJournal,
  settings: Pick<RunnerSettings, 'runners'>,
  taskId: number,
  tag: string | null,
): Promise<Assigned | null> {
  const task = await findTask(db, taskId);
  if (!task) throw new Error(`task ${taskId} not found`);
  const seenSince = new Date(Date.now() - settings.runners.offline_timeout_sec * 1000);
  const candidates = await protocolRunnersFor(db, task.project_id, tag, seenSince);
  const loads = await runnerLoads(
    db,
    candidates.map((r) => r.id),
  );
  for (const runner of candidates) {
    const limit = runner.max_parallel_tasks;
    if (limit > 0 && (loads.get(runner.id) ?? 0) >= limit) continue;
    if (await journal.assignRunner(taskId, runner.id, limit)) return runner;
  }
  return null;
}

/**
 * POSTs `{action, project_id, task_id, template_id, runner_id}` to the runner's webhook, within
 * 10 seconds; a failure is said in the task's log and changes nothing else.
 */
export async function callRunnerWebhook(
  db: Db,
  journal: TaskJournal,
  runner: { id: number; webhook: string },
  taskId: number,
  action: 'start' | 'finish',
): Promise<void> {
  if (!runner.webhook) return;
  const task = await findTask(db, taskId);
  if (!task) return;
  const body = {
    action,
    project_id: task.project_id,
    task_id: taskId,
    template_id: task.template_id,
    runner_id: runner.id,
  };
  try {
    const res = await fetch(runner.webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
      redirect: 'manual',
    });
    await res.body?.cancel();
    if (!res.ok) await journal.log(taskId, `The runner's webhook (${action}) answered HTTP ${res.status}`);
  } catch (err) {
    const reason =
      err instanceof Error ? (err.name === 'TimeoutError' ? 'no answer within 10 seconds' : err.message) : String(err);
    await journal.log(taskId, `The runner's webhook (${action}) failed: ${reason}`);
  }
}
