// Everything a run needs to know about a task, loaded and checked in one place:
// template, repository, inventory, environment (extra vars and env vars), merged as upstream does.
import type { Db } from '../store/db.ts';
import { findEnvironment } from '../store/environments.ts';
import { jsonColumn } from '../store/json-columns.ts';
import { findRepository } from '../store/repositories.ts';
import { findTask } from '../store/tasks.ts';
import { usernameOf } from '../store/users.ts';
import { findTemplate } from '../store/templates.ts';
import { NotFoundError } from './errors.ts';
import { buildVarsOf } from './build-deploy.ts';
import { runnableApp } from './apps.ts';
import type { ConfiguredApps } from '../config/configured-apps.ts';
import type { TaskDetails } from '../tasks/run-job.ts';
import { refusalText } from '../domain/task-input-gate.ts';
import { regateStoredTask, taskRowFields } from './task-input.ts';

/** `apps`: the configuration's (SEMAPHORE_APPS), for what the task's app runs. */
export async function loadTaskDetails(db: Db, taskId: number, apps: ConfiguredApps): Promise<TaskDetails> {
  const row = await findTask(db, taskId);
  if (!row) throw new NotFoundError(`task ${taskId} not found`);
  // Independent reads go together; the checks below keep their order, so a task with several
  // problems still reports the same one first.
  const [template, username] = await Promise.all([
    findTemplate(db, row.project_id, row.template_id),
    row.user_id ? usernameOf(db, row.user_id) : null,
  ]);
  if (!template) throw new NotFoundError(`template ${row.template_id} not found in project ${row.project_id}`);
  // Rows stored before the gate, by older versions or by Semaphore do not bypass it.
  const gated = await regateStoredTask(db, template, row);
  const task = { ...row, ...taskRowFields(gated.input) };
  const [app, repository, environment, buildVars] = await Promise.all([
    runnableApp(db, template.app, apps),
    findRepository(db, task.project_id, template.repository_id),
    template.environment_id ? findEnvironment(db, task.project_id, template.environment_id) : null,
    buildVarsOf(db, task, template),
  ]);
  if (!repository)
    throw new NotFoundError(`repository ${template.repository_id} not found in project ${task.project_id}`);

  // Upstream order: start from the task's variables, then the environment's win.
  const environmentVars = environment ? jsonColumn('environment', environment, 'json') : {};
  const extraVars = { ...gated.input.environment, ...environmentVars };
  const envVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(environment ? jsonColumn('environment', environment, 'env') : {})) {
    envVars[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return {
    task,
    input: gated.input,
    ignored: gated.refusals.map((r) => `Ignored ${refusalText(r)}`),
    template,
    app,
    repository,
    inventoryId: gated.input.inventoryId ?? template.inventory_id,
    extraVars,
    environmentVars,
    envVars,
    templateArgs: jsonColumn('template', template, 'arguments'),
    taskArgs: gated.input.arguments,
    username: username ?? '',
    buildVars,
  };
}
