// History pruning (§12, max_tasks_per_template): once a template has max + 10 % finished tasks,
// the oldest finished ones beyond the newest `max` go, with their output. Unfinished tasks stay.
import type { Db } from '../store/db.ts';
import { buildsInUse, deleteFinishedTasks, finishedTaskIdsNewestFirst } from '../store/tasks.ts';
/** Ids per query: well under SQLite's limit on bound variables. */
const CHUNK = 500;

/** `finishedNewestFirst`: ids of the template's finished tasks, newest first. */
export function tasksToPrune(finishedNewestFirst: number[], max: number): number[] {
  if (max <= 0 || finishedNewestFirst.length < max + Math.floor(max / 10)) return [];
  return finishedNewestFirst.slice(max);
}

/**
 * Returns the number of tasks deleted. `spare` is the task whose end triggered the sweep: it stays
 * this time even when it is the oldest (a task stopped long after it was queued), so that its own
 * finishing steps still find it; the next sweep takes it.
 */
export async function pruneTemplateTasks(db: Db, templateId: number, max: number, spare?: number): Promise<number> {
  if (max <= 0) return 0;
  const finished = await finishedTaskIdsNewestFirst(db, templateId);
  const candidates = tasksToPrune(finished, max).filter((id) => id !== spare);
  let deleted = 0;
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK);
    // A build that an unfinished deploy still points at stays: the deploy reads its version.
    const keep = await buildsInUse(db, chunk);
    deleted += await deleteFinishedTasks(
      db,
      chunk.filter((id) => !keep.has(id)),
    );
  }
  return deleted;
}
