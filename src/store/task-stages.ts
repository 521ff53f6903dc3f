// Reading a task's stages (task__stage); the task journal stores them (store/task-journal.ts).
import type { Db } from './db.ts';

/** The task's stages in the order they began. */
export function taskStages(db: Db, taskId: number) {
  return db.taskStage.findMany({ where: { task_id: taskId }, orderBy: [{ start: 'asc' }, { id: 'asc' }] });
}
