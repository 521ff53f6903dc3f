// Turns a task's status changes and output lines into live messages for the users concerned:
// every member of the task's project and every global admin (§2.5).
//   taskMessages: addresses and publishes, one call at a time (the PostgreSQL bus drives it).
//   taskLiveHooks: the writers' hooks in one process; each task has its own chain of
//   publications, so messages of one task keep their order and a writer never waits.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../store/db.ts';
import { projectOfTask as storedProjectOfTask, taskUpdateFields } from '../store/tasks.ts';
import { membersAndAdmins } from '../store/project-users.ts';
import type { OutputLine, OutputListener } from '../tasks/output-writer.ts';
import { isFinished, type TaskStatus } from '../domain/task-status.ts';
import type { LiveBus } from './bus.ts';

const RECIPIENTS_TTL_MS = 5_000;
/** Lines published in one turn of the event loop; sockets drain between slices. */
const LINES_PER_TURN = 500;

export interface TaskLiveHooks {
  onLines: OutputListener;
  onStatus: (taskId: number, status: TaskStatus) => void;
}

export interface TaskMessages {
  lines(taskId: number, lines: OutputLine[]): Promise<void>;
  status(taskId: number, status: TaskStatus): Promise<void>;
  /** Forgets what was cached for a finished task. */
  forget(taskId: number): void;
}

export function taskMessages(db: Db, bus: LiveBus): TaskMessages {
  const projectOfTask = new Map<number, number>();
  const recipientsOfProject = new Map<number, { ids: number[]; until: number }>();

  async function projectOf(taskId: number): Promise<number | null> {
    const known = projectOfTask.get(taskId);
    if (known !== undefined) return known;
    const projectId = await storedProjectOfTask(db, taskId);
    if (projectId === null) return null;
    if (projectOfTask.size > 10_000) projectOfTask.clear();
    projectOfTask.set(taskId, projectId);
    return projectId;
  }

  /**
   * Who gets a project's messages. Lines, the bulk, use a list at most RECIPIENTS_TTL_MS old; a
   * status change, a few per task, asks afresh (`fresh`), so a member added a moment ago still
   * learns that the task ended (and the page refetches what it missed).
   */
  async function recipients(projectId: number, fresh = false): Promise<number[]> {
    const cached = recipientsOfProject.get(projectId);
    if (!fresh && cached && cached.until > Date.now()) return cached.ids;
    const ids = await membersAndAdmins(db, projectId);
    if (recipientsOfProject.size > 1_000) recipientsOfProject.clear();
    recipientsOfProject.set(projectId, { ids, until: Date.now() + RECIPIENTS_TTL_MS });
    return ids;
  }

  return {
    async lines(taskId, lines) {
      if (!bus.active || lines.length === 0) return;
      const projectId = await projectOf(taskId);
      if (projectId === null) return;
      const to = await recipients(projectId);
      for (let i = 0; i < lines.length; i++) {
        if (i > 0 && i % LINES_PER_TURN === 0) await nextTurn();
        const line = lines[i];
        // `continued` (only when true; Semaphore's clients ignore it): the next message goes on with this line.
        bus.publish(
          {
            type: 'log',
            task_id: taskId,
            project_id: projectId,
            output: line.output,
            time: line.time.toISOString(),
            ...(line.continued ? { continued: true } : {}),
          },
          to,
        );
      }
    },
    async status(taskId, status) {
      if (!bus.active) return;
      const task = await taskUpdateFields(db, taskId);
      if (!task) return;
      bus.publish(
        {
          type: 'update',
          task_id: taskId,
          project_id: task.project_id,
          template_id: task.template_id,
          status,
          start: task.start?.toISOString() ?? null,
          end: task.end?.toISOString() ?? null,
          version: task.version,
        },
        await recipients(task.project_id, true),
      );
    },
    forget(taskId) {
      projectOfTask.delete(taskId);
    },
  };
}

export function taskLiveHooks(db: Db, bus: LiveBus): TaskLiveHooks {
  const messages = taskMessages(db, bus);
  const chains = new Map<number, Promise<void>>();

  /**
   * Runs `step` after the task's earlier publications; a failure is logged, never thrown.
   * Resolves once `step` has run: the output writer counts lines as held until then.
   */
  function enqueue(taskId: number, step: () => Promise<void>, last = false): Promise<void> {
    const next = (chains.get(taskId) ?? Promise.resolve())
      .then(step)
      .catch((err) => console.error(`[live] task ${taskId}: could not publish:`, err));
    chains.set(taskId, next);
    void next.then(() => {
      if (chains.get(taskId) !== next) return;
      chains.delete(taskId);
      if (last) messages.forget(taskId);
    });
    return next;
  }

  return {
    onLines(taskId, lines) {
      if (!bus.active || lines.length === 0) return;
      return enqueue(taskId, () => messages.lines(taskId, lines));
    },
    onStatus(taskId, status) {
      if (!bus.active) return;
      void enqueue(taskId, () => messages.status(taskId, status), isFinished(status));
    },
  };
}
