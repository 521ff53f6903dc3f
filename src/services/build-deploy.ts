// Build and deploy templates (§3.3): the version a new build task gets, and the version a deploy
// task receives from the build it deploys.
import type { Db } from '../store/db.ts';
import { buildLinkOf, latestTaskVersion } from '../store/tasks.ts';
import { nextBuildVersion, type BuildVars } from '../domain/build-version.ts';

/** Longest build_task_id chain followed; a longer one (or a loop) is treated as having no version. */
const MAX_CHAIN = 100;

/** The version for a task about to be created from `template`: only build templates have one. */
export async function versionForNewTask(
  db: Db,
  template: { id: number; type: string; start_version: string | null },
): Promise<string | null> {
  if (template.type !== 'build') return null;
  return nextBuildVersion(template.start_version, await latestTaskVersion(db, template.id));
}

/**
 * The version a task deploys: the version of the task its build_task_id names, or, when that task
 * has none (a deploy of a deploy), of the task that one names, and so on.
 */
export async function incomingVersion(
  db: Db,
  task: { project_id: number; build_task_id: number | null },
): Promise<string | null> {
  const seen = new Set<number>();
  let next = task.build_task_id;
  while (next != null && !seen.has(next) && seen.size < MAX_CHAIN) {
    seen.add(next);
    const build = await buildLinkOf(db, task.project_id, next);
    if (!build) return null;
    if (build.version) return build.version;
    next = build.build_task_id;
  }
  return null;
}

/** What a build or deploy task tells its process (env and task_details); null for plain tasks. */
export async function buildVarsOf(
  db: Db,
  task: { project_id: number; build_task_id: number | null; version: string | null },
  template: { type: string },
): Promise<BuildVars | null> {
  if (!template.type) return null;
  return {
    type: template.type,
    incomingVersion: await incomingVersion(db, task),
    targetVersion: template.type === 'build' ? task.version : null,
  };
}
