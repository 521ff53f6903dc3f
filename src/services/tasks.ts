// Tasks: creating (queueing) a run, reading its status and output, stopping and deleting it.
// Statuses and log lines are written through the task journal, which tells the live stream.
import { taskStages as storedTaskStages } from '../store/task-stages.ts';
import { findTemplate, templateSummaries } from '../store/templates.ts';
import { userNames } from '../store/users.ts';
import type { Db } from '../store/db.ts';
import type { TaskBody } from '../contracts/tasks.ts';
import {
  deleteTaskRow,
  findTaskInProject,
  lastTaskIds,
  listProjectTasks,
  outputLines,
  tasksByIds,
} from '../store/tasks.ts';
import type { TaskRow } from '../store/rows.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';
import { requireInventoryIn } from './references.ts';
import type { TaskEngine } from './task-engine.ts';
import { isFinished } from '../domain/task-status.ts';
import { versionForNewTask } from './build-deploy.ts';
import { gateCallerFor, gateOrRefuse, taskRowFields } from './task-input.ts';

/** What the task use cases work with, given once by whoever builds them (API, activities). */
export interface TaskContext {
  db: Db;
  engine: TaskEngine;
  journal: TaskJournal;
}

export async function getTask(db: Db, projectId: number, taskId: number) {
  const task = await findTaskInProject(db, projectId, taskId);
  if (!task) throw new NotFoundError(`task ${taskId} not found in project ${projectId}`);
  return task;
}

/**
 * What started a task that no user started: a schedule or an integration (webhook); with neither,
 * a build's autorun.
 */
export interface TaskOrigin {
  schedule_id?: number;
  integration_id?: number;
}

export interface NewTask {
  /** Null for a task no user started: a schedule's, an integration's, a build's autorun. */
  caller: Caller | null;
  projectId: number;
  body: TaskBody;
  origin?: TaskOrigin;
}

export async function createTask(
  { db, engine, journal }: TaskContext,
  { caller, projectId, body, origin = {} }: NewTask,
) {
  const template = await findTemplate(db, projectId, body.template_id);
  if (!template)
    throw new BadRequestError(`template_id: template ${body.template_id} not found in project ${projectId}`);
  // The gate decides what this task may change; only its result is stored.
  const kind = caller
    ? 'user'
    : origin.schedule_id != null
      ? 'schedule'
      : origin.integration_id != null
        ? 'integration'
        : 'autorun';
  const input = gateOrRefuse(template, await gateCallerFor(db, projectId, { user: caller, origin: kind }), body);
  await requireInventoryIn(db, projectId, input.inventoryId, 'inventory_id');
  if (body.build_task_id != null) {
    if (!(await findTaskInProject(db, projectId, body.build_task_id)))
      throw new BadRequestError(`build_task_id: task ${body.build_task_id} not found in project ${projectId}`);
  }

  const task = await journal.createTask(
    {
      project_id: projectId,
      template_id: template.id,
      user_id: caller?.id ?? null,
      ...taskRowFields(input),
      message: body.message,
      build_task_id: body.build_task_id ?? null,
      version: await versionForNewTask(db, template),
      schedule_id: origin.schedule_id ?? null,
      integration_id: origin.integration_id ?? null,
    },
    (id) => `Task ${id} added to queue`,
  );
  await writeEvent(db, {
    user_id: caller?.id ?? null,
    project_id: projectId,
    object_type: 'task',
    object_id: task.id,
    description: `Task ID ${task.id} queued for running`,
  });
  try {
    await engine.start(task.id, input.secret);
  } catch (err) {
    const reason = `Task could not be queued: ${(err as Error).message}`;
    await journal.log(task.id, reason);
    await journal.setStatus(task.id, 'error');
    throw new AppError(503, `${reason}; is the Temporal server reachable?`);
  }
  return (await findTaskInProject(db, projectId, task.id)) ?? task;
}

export async function listTasks(db: Db, projectId: number, limit: number, templateId?: number) {
  return withTemplatesAndUsers(db, await listProjectTasks(db, projectId, limit, templateId));
}

/** Tasks as Semaphore lists them (TaskWithTpl): with their template's summary and their user's name. */
async function withTemplatesAndUsers(db: Db, tasks: TaskRow[]): Promise<TaskListItem[]> {
  const templateIds = [...new Set(tasks.map((t) => t.template_id))];
  const userIds = [...new Set(tasks.map((t) => t.user_id).filter((id): id is number => id !== null))];
  const [templates, userById] = await Promise.all([templateSummaries(db, templateIds), userNames(db, userIds)]);
  const tplById = new Map(templates.map((t) => [t.id, t]));
  return tasks.map((t) => ({
    task: t,
    template: tplById.get(t.template_id),
    userName: t.user_id ? (userById.get(t.user_id) ?? null) : null,
  }));
}

/** The stages of a run (clone, plan, apply, run) with their output range, as they ended. */
export async function taskStages(db: Db, projectId: number, taskId: number) {
  await getTask(db, projectId, taskId);
  return storedTaskStages(db, taskId);
}

export interface TaskListItem {
  task: TaskRow;
  template: { id: number; name: string; playbook: string; type: string; app: string } | undefined;
  userName: string | null;
}

/**
 * Each template's last task, as Semaphore's templates show it in `last_task`: a fixed number of
 * queries for any number of templates (the last ids grouped in one, then those tasks, their
 * templates and users). Templates never run are not in the map.
 */
export async function lastTasksOf(
  db: Db,
  projectId: number,
  templateIds: number[],
): Promise<Map<number, TaskListItem>> {
  const ids = await lastTaskIds(db, projectId, templateIds);
  const items = await withTemplatesAndUsers(db, await tasksByIds(db, projectId, ids));
  return new Map(items.map((item) => [item.task.template_id, item]));
}

export async function taskOutput(db: Db, projectId: number, taskId: number, offset = 0, limit?: number) {
  await getTask(db, projectId, taskId);
  return outputLines(db, taskId, offset, limit);
}

export interface TaskRequest {
  caller: Caller;
  projectId: number;
  taskId: number;
}

export async function stopTask(
  { db, engine, journal }: TaskContext,
  { caller, projectId, taskId, force }: TaskRequest & { force: boolean },
) {
  const task = await getTask(db, projectId, taskId);
  if (isFinished(task.status)) return;
  const target = task.status === 'waiting' || force ? 'stopped' : 'stopping';
  await journal.setStatus(taskId, target);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'task',
    object_id: taskId,
    description: `Task ID ${taskId} stop requested${force ? ' (force)' : ''}`,
  });
  if (!(await engine.cancel(taskId, { force }))) {
    // No workflow left to do it (it ended, or was lost): the stop takes effect here.
    await journal.setStatus(taskId, 'stopped');
  }
}

/** Confirms or rejects a Terraform plan; only a task `waiting_confirmation` can take a decision. */
export async function decideTask(
  { db, engine, journal }: TaskContext,
  { caller, projectId, taskId, decision }: TaskRequest & { decision: 'confirm' | 'reject' },
) {
  const task = await getTask(db, projectId, taskId);
  if (task.status !== 'waiting_confirmation') {
    throw new BadRequestError(
      `task ${taskId} is ${task.status}; only a task waiting for confirmation can be ${decision}ed`,
    );
  }
  const change = await journal.setStatus(taskId, decision === 'confirm' ? 'confirmed' : 'rejected');
  if (!change.changed) throw new BadRequestError(`task ${taskId}: ${change.reason}`);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'task',
    object_id: taskId,
    description: `Task ID ${taskId} plan ${decision}ed`,
  });
  if (!(await engine.decide(taskId, decision))) {
    // Its run was lost while it waited: nothing will ever apply the plan, so the task ends here.
    await journal.log(taskId, 'The run was lost while the plan waited for confirmation: nothing was applied');
    await journal.setStatus(taskId, 'error');
    throw new ConflictError(
      `task ${taskId}: its run was lost while the plan waited, so it cannot be ${decision}ed; nothing was applied`,
    );
  }
}

export async function deleteTask(db: Db, caller: Caller, projectId: number, taskId: number) {
  if (!caller.admin) throw new ForbiddenError('only administrators may delete tasks');
  const task = await getTask(db, projectId, taskId);
  if (!isFinished(task.status))
    throw new BadRequestError(`task ${taskId} is ${task.status}; stop it before deleting it`);
  await deleteTaskRow(db, taskId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'task',
    object_id: taskId,
    description: `Task ID ${taskId} deleted`,
  });
}
