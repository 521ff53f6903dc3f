// Whether the tasks have stopped writing, asked of Temporal instead of waited out. A task is at
// rest when its workflow has closed (so its last bookkeeping, the finish event and the slot's
// release, is written), or when its workflow waits for someone outside: a person to confirm a
// plan, a runner to take the run, or a stop for a run whose script said it will write nothing
// more (IDLE_LINE). Anything else (a workflow task pending, a local activity under way, a run
// that may still write, a timer before a retry, a slot not yet granted) is still at work.
import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Db } from '../../src/store/db.ts';
import { isFinished } from '../../src/domain/task-status.ts';
import { taskWorkflowId } from '../../src/workflows/names.ts';

const { PENDING_ACTIVITY_STATE_SCHEDULED: SCHEDULED, PENDING_ACTIVITY_STATE_STARTED: STARTED } =
  proto.temporal.api.enums.v1.PendingActivityState;

/**
 * What a test script prints as its last line before it waits to be stopped (`sleep 600`): once it
 * is the task's last stored line, everything before it is stored too, and the run writes nothing
 * more until it is stopped.
 */
export const IDLE_LINE = 'idle until stopped';

/** What the check needs of a stack: its database and a client of its Temporal namespace. */
export interface TaskStack {
  db: Db;
  client: Client;
}

interface TaskRow {
  id: number;
  status: string;
  template_id: number;
  inventory_id: number | null;
}

/** Tasks whose workflow has closed, per namespace client: they cannot write again, so are not asked about twice. */
const closedFor = new WeakMap<Client, Set<number>>();

/** One line per task that is still at work, saying what it does; empty when every task is at rest. */
export async function tasksAtWork(stack: TaskStack): Promise<string[]> {
  let closed = closedFor.get(stack.client);
  if (!closed) closedFor.set(stack.client, (closed = new Set()));
  const tasks = await stack.db.task.findMany({
    select: { id: true, status: true, template_id: true, inventory_id: true },
    orderBy: { id: 'asc' },
  });
  const busy = await Promise.all(tasks.filter((t) => !closed.has(t.id)).map((t) => whatItDoes(stack, t, closed)));
  return busy.filter((line): line is string => line !== null);
}

/** Why task `t` is still at work, or null when it is at rest. */
async function whatItDoes(stack: TaskStack, t: TaskRow, closed: Set<number>): Promise<string | null> {
  const task = `task ${t.id} (${t.status})`;
  let described: WorkflowExecutionDescription;
  try {
    described = await stack.client.workflow.getHandle(taskWorkflowId(t.id)).describe();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    // A finished row without a workflow was written behind the API; an unfinished one is being created.
    return isFinished(t.status) ? null : `${task}: its workflow has not started yet`;
  }
  if (described.status.name !== 'RUNNING') {
    closed.add(t.id);
    return null;
  }
  const { pendingWorkflowTask, pendingActivities } = described.raw;
  if (pendingWorkflowTask) return `${task}: its workflow has a step to take (a signal, a bookkeeping step)`;
  const activities = pendingActivities ?? [];
  const started = activities.find((a) => a.state !== SCHEDULED);
  if (started) {
    // A stop being carried out is CANCEL_REQUESTED, not STARTED: it still writes.
    const idle = started.state === STARTED && t.status === 'running' && (await lastLine(stack.db, t.id)) === IDLE_LINE;
    return idle ? null : `${task}: its activity ${started.activityType?.name} is under way`;
  }
  if (activities.length === 0)
    return t.status === 'waiting_confirmation' ? null : `${task}: its workflow waits (for a slot or a timer)`;
  // A run that no one has taken: at rest only on a runner's queue, where it waits for a runner to come.
  if (await needsRunner(stack.db, t)) return null;
  return `${task}: its activity ${activities[0].activityType?.name} is about to start`;
}

/** The runner rule (template's tag, else the inventory's), read here so that the check depends on rows only. */
async function needsRunner(db: Db, t: TaskRow): Promise<boolean> {
  const template = await db.template.findUnique({
    where: { id: t.template_id },
    select: { runner_tag: true, inventory_id: true },
  });
  if (template?.runner_tag) return true;
  const inventoryId = t.inventory_id ?? template?.inventory_id;
  if (!inventoryId) return false;
  const inventory = await db.inventory.findUnique({ where: { id: inventoryId }, select: { runner_tag: true } });
  return !!inventory?.runner_tag;
}

async function lastLine(db: Db, taskId: number): Promise<string | undefined> {
  const row = await db.taskOutput.findFirst({ where: { task_id: taskId }, orderBy: { seq: 'desc' } });
  return row?.output;
}
