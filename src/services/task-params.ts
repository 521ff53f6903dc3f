// The task a schedule or an integration starts: its stored `task_params` read as a task body for
// its template, or why they are not one. One reading for both, so they accept the same params.
import { taskBody, type TaskBody } from '../contracts/tasks.ts';
import { readJsonColumn } from '../store/json-columns.ts';

export type ParamsReading = { ok: true; body: TaskBody } | { ok: false; problem: string };

/** zod issues as "field: problem; …", for logs and events. */
export const issuesText = (issues: Array<{ path: PropertyKey[]; message: string }>) =>
  issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');

/** `taskParams` as stored (JSON object text or null) over `extra`, for template `templateId`. */
export function taskBodyFromParams(
  templateId: number,
  taskParams: string | null,
  extra: Record<string, unknown> = {},
): ParamsReading {
  // A schedule's and an integration's task_params are the same kind of column, read the same way.
  const params = readJsonColumn('schedule', 'task_params', taskParams);
  if (!params.ok) return { ok: false, problem: `task_params: ${params.problem}` };
  const parsed = taskBody.safeParse({ ...params.value, ...extra, template_id: templateId });
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, problem: `task_params: ${issuesText(parsed.error.issues)}` };
}
