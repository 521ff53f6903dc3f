// Tasks: creating (queueing) a run, reading its status and output, stopping and deleting it.
import type { Db } from '../store/db.ts';
import type { TaskBody } from '../contracts/tasks.ts';
import { setTaskStatus } from '../store/tasks.ts';
import { TaskOutputWriter, type OutputListener } from '../tasks/output-writer.ts';
import { insertOutputLines } from '../store/task-output.ts';
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';
import { requireInventoryIn } from './references.ts';
import type { TaskEngine } from './task-engine.ts';
import { isFinished, type TaskStatus } from '../domain/task-status.ts';
import { versionForNewTask } from './build-deploy.ts';
import { gateCallerFor, gateOrRefuse, taskRowFields } from './task-input.ts';

/** Hears the status changes and output lines stored here, for live updates (§2.5). */
export interface TaskObserver {
  onLines?: OutputListener;
  onStatus?: (taskId: number, status: TaskStatus) => void;
}

/** Every status change made here goes through this, so that observers hear of it. */
async function changeStatus(db: Db, observer: TaskObserver | undefined, taskId: number, to: TaskStatus) {
  const change = await setTaskStatus(db, taskId, to);
  if (change.changed) observer?.onStatus?.(taskId, to);
  return change;
}

export async function getTask(db: Db, projectId: number, taskId: number) {
  const task = await db.task.findFirst({ where: { id: taskId, project_id: projectId } });
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

export async function createTask(
  db: Db,
  engine: TaskEngine,
  caller: Caller | null,
  projectId: number,
  body: TaskBody,
  observer?: TaskObserver,
  origin: TaskOrigin = {},
) {
  const template = await db.template.findFirst({ where: { id: body.template_id, project_id: projectId } });
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
    const build = await db.task.findFirst({
      where: { id: body.build_task_id, project_id: projectId },
      select: { id: true },
    });
    if (!build)
      throw new BadRequestError(`build_task_id: task ${body.build_task_id} not found in project ${projectId}`);
  }

  const task = await db.task.create({
    data: {
      project_id: projectId,
      template_id: template.id,
      status: 'waiting',
      user_id: caller?.id ?? null,
      ...taskRowFields(input),
      message: body.message,
      build_task_id: body.build_task_id ?? null,
      version: await versionForNewTask(db, template),
      schedule_id: origin.schedule_id ?? null,
      integration_id: origin.integration_id ?? null,
    },
  });
  observer?.onStatus?.(task.id, 'waiting');
  // A new task has no output yet (ids are never reused): its lines start at 1 without asking the database.
  const writer = TaskOutputWriter.withSink(
    task.id,
    0,
    (lines) => insertOutputLines(db, task.id, lines),
    observer?.onLines,
  );
  writer.write(`Task ${task.id} added to queue`);
  await writer.close();
  await writeEvent(db, {
    user_id: caller?.id ?? null,
    project_id: projectId,
    object_type: 'task',
    object_id: task.id,
    description: `Task ID ${task.id} queued for running`,
  });
  try {
    await engine.start(task.id);
  } catch (err) {
    const reason = `Task could not be queued: ${(err as Error).message}`;
    const w = await TaskOutputWriter.open(db, task.id, observer?.onLines);
    w.write(reason);
    await w.close();
    await changeStatus(db, observer, task.id, 'error');
    throw new AppError(503, `${reason}; is the Temporal server reachable?`);
  }
  return db.task.findUniqueOrThrow({ where: { id: task.id } });
}

export async function listTasks(db: Db, projectId: number, limit: number, templateId?: number) {
  const tasks = await db.task.findMany({
    where: { project_id: projectId, ...(templateId ? { template_id: templateId } : {}) },
    orderBy: { id: 'desc' },
    take: limit,
  });
  const templateIds = [...new Set(tasks.map((t) => t.template_id))];
  const userIds = [...new Set(tasks.map((t) => t.user_id).filter((id): id is number => id !== null))];
  const [templates, users] = await Promise.all([
    db.template.findMany({
      where: { id: { in: templateIds } },
      select: { id: true, name: true, playbook: true, type: true, app: true },
    }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
  ]);
  const tplById = new Map(templates.map((t) => [t.id, t]));
  const userById = new Map(users.map((u) => [u.id, u]));
  return tasks.map((t) => ({
    task: t,
    template: tplById.get(t.template_id),
    userName: t.user_id ? (userById.get(t.user_id)?.name ?? null) : null,
  }));
}

export async function taskOutput(db: Db, projectId: number, taskId: number, offset = 0, limit?: number) {
  await getTask(db, projectId, taskId);
  return db.taskOutput.findMany({
    where: { task_id: taskId, seq: { gt: offset } },
    orderBy: { seq: 'asc' },
    ...(limit ? { take: limit } : {}),
  });
}

export async function stopTask(
  db: Db,
  engine: TaskEngine,
  caller: Caller,
  projectId: number,
  taskId: number,
  force: boolean,
  observer?: TaskObserver,
) {
  const task = await getTask(db, projectId, taskId);
  if (isFinished(task.status)) return;
  const target = task.status === 'waiting' || force ? 'stopped' : 'stopping';
  await changeStatus(db, observer, taskId, target);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'task',
    object_id: taskId,
    description: `Task ID ${taskId} stop requested${force ? ' (force)' : ''}`,
  });
  if (!(await engine.cancel(taskId))) {
    // No workflow left to do it (it ended, or was lost): the stop takes effect here.
    await changeStatus(db, observer, taskId, 'stopped');
  }
}

/** Confirms or rejects a Terraform plan; only a task `waiting_confirmation` can take a decision. */
export async function decideTask(
  db: Db,
  engine: TaskEngine,
  caller: Caller,
  projectId: number,
  taskId: number,
  decision: 'confirm' | 'reject',
  observer?: TaskObserver,
) {
  const task = await getTask(db, projectId, taskId);
  if (task.status !== 'waiting_confirmation') {
    throw new BadRequestError(
      `task ${taskId} is ${task.status}; only a task waiting for confirmation can be ${decision}ed`,
    );
  }
  const change = await changeStatus(db, observer, taskId, decision === 'confirm' ? 'confirmed' : 'rejected');
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
    const w = await TaskOutputWriter.open(db, taskId, observer?.onLines);
    w.write('The run was lost while the plan waited for confirmation: nothing was applied');
    await w.close();
    await changeStatus(db, observer, taskId, 'error');
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
  await db.task.delete({ where: { id: taskId } });
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'task',
    object_id: taskId,
    description: `Task ID ${taskId} deleted`,
  });
}
