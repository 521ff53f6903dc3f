// Everything a run needs to know about a task, loaded and checked in one place:
// template, repository, inventory, environment (extra vars and env vars), merged as upstream does.
import type { Db } from '../store/db.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { buildVarsOf } from './build-deploy.ts';
import type { TaskDetails } from '../tasks/run-job.ts';
import { refusalText } from '../domain/task-input-gate.ts';
import { regateStoredTask, taskRowFields } from './task-input.ts';

export function parseJsonObject(text: string | null | undefined, what: string): Record<string, unknown> {
  if (!text?.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError(`${what}: not valid JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new BadRequestError(`${what}: must be a JSON object`);
  return value as Record<string, unknown>;
}

export function parseArgs(text: string | null | undefined, what: string): string[] {
  if (!text?.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError(`${what}: not valid JSON`);
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new BadRequestError(`${what}: must be a JSON array of strings`);
  return value as string[];
}

export async function loadTaskDetails(db: Db, taskId: number): Promise<TaskDetails> {
  const row = await db.task.findUnique({ where: { id: taskId } });
  if (!row) throw new NotFoundError(`task ${taskId} not found`);
  // Independent reads go together; the checks below keep their order, so a task with several
  // problems still reports the same one first.
  const [template, user] = await Promise.all([
    db.template.findFirst({ where: { id: row.template_id, project_id: row.project_id } }),
    row.user_id ? db.user.findUnique({ where: { id: row.user_id }, select: { username: true } }) : null,
  ]);
  if (!template) throw new NotFoundError(`template ${row.template_id} not found in project ${row.project_id}`);
  // Rows stored before the gate, by older versions or by Semaphore do not bypass it.
  const gated = await regateStoredTask(db, template, row);
  const task = { ...row, ...taskRowFields(gated.input) };
  const [repository, environment, buildVars] = await Promise.all([
    db.repository.findFirst({ where: { id: template.repository_id, project_id: task.project_id } }),
    template.environment_id
      ? db.environment.findFirst({ where: { id: template.environment_id, project_id: task.project_id } })
      : null,
    buildVarsOf(db, task, template),
  ]);
  if (!repository)
    throw new NotFoundError(`repository ${template.repository_id} not found in project ${task.project_id}`);

  // Upstream order: start from the task's variables, then the environment's win.
  const environmentVars = parseJsonObject(environment?.json, 'environment json');
  const extraVars = { ...gated.input.environment, ...environmentVars };
  const envVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseJsonObject(environment?.env, 'environment env'))) {
    envVars[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return {
    task,
    input: gated.input,
    ignored: gated.refusals.map((r) => `Ignored ${refusalText(r)}`),
    template,
    repository,
    inventoryId: gated.input.inventoryId ?? template.inventory_id,
    extraVars,
    environmentVars,
    envVars,
    templateArgs: parseArgs(template.arguments, 'template arguments'),
    taskArgs: gated.input.arguments,
    username: user?.username ?? '',
    buildVars,
  };
}
