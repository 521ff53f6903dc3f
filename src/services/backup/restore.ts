// POST /api/projects/restore: a new project from a backup, written in one transaction after
// planRestore() has checked the whole document, so a bad backup writes nothing at all.
import type { Db } from '../../store/db.ts';
import type { BackupBody } from '../../contracts/backup.ts';
import { writeRestoredProject } from '../../store/backups.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import { takenAliases } from '../../store/integrations.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { newAlias } from '../integration-aliases.ts';
import type { Caller } from '../permissions.ts';
import { mayCreateProjects } from '../projects.ts';
import type { ScheduleEngine } from '../schedule-engine.ts';
import { planRestore } from './restore-plan.ts';

/**
 * A new project from `backup`, written in one transaction; its schedules then get their timers.
 * The caller becomes its owner, so restoring needs what creating a project needs (upstream lets
 * any user restore, which made any user an owner).
 */
export async function restoreProject(
  db: Db,
  timers: ScheduleEngine,
  caller: Caller,
  backup: BackupBody,
  nonAdminCanCreate: boolean,
) {
  if (!mayCreateProjects(caller, nonAdminCanCreate))
    throw new ForbiddenError('only administrators may restore projects from a backup');
  const wanted = [...backup.integration_aliases, ...backup.integrations.flatMap((i) => i.aliases ?? [])];
  const taken = wanted.length ? await takenAliases(db, wanted) : [];
  const plan = planRestore(backup, { takenAliases: new Set(taken), newAlias });
  let project: Awaited<ReturnType<typeof writeRestoredProject>>;
  try {
    project = await writeRestoredProject(db, plan, caller.id, (project) => ({
      user_id: caller.id,
      project_id: project.id,
      object_type: 'project',
      object_id: project.id,
      description: `Project ${project.name} restored from a backup`,
    }));
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError('an integration alias of the backup was taken meanwhile; try again');
    throw err;
  }
  await timers.syncProject(project.id); // a restored schedule fires like one made by hand
  return project;
}
