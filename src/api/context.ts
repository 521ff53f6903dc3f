// What route handlers are given, and the caller's role in the project of the path.
import type { Response } from 'express';
import { BadRequestError } from '../services/errors.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import type { ScheduleEngine } from '../services/schedule-engine.ts';
import type { TaskJournal } from '../journal/task-journal.ts';
import type { ProjectAccess } from '../services/permissions.ts';

export interface ApiDeps {
  db: Db;
  config: Config;
  engine: TaskEngine;
  /** Keeps schedules' timers in step with their rows. */
  schedules: ScheduleEngine;
  encryptionKey: Buffer | null;
  /** Where the API writes task statuses and log lines (its listeners feed /api/ws). */
  journal: TaskJournal;
  version: string;
  /** The clock of time windows (login throttling); tests pass their own. Default Date.now. */
  now?: () => number;
}

/** The caller's role in the project of the path, as the access gate (declared-access.ts) found it. */
export function access(res: Response): ProjectAccess {
  const found = res.locals.access as ProjectAccess | undefined;
  if (!found) throw new Error('no project access was checked for this route: is its registry entry a project rule?');
  return found;
}

export function projectIdOf(res: Response): number {
  return access(res).projectId;
}

/**
 * Semaphore's rules for ids in bodies: `project_id`, when given, must be the project of the path,
 * and on PUT the body's `id`, when given, must be the id of the path.
 */
export function checkBodyIds(
  body: { project_id?: number | null; id?: number },
  projectId: number,
  objectId?: number,
): void {
  if (body.project_id != null && body.project_id !== projectId) {
    throw new BadRequestError(`project_id: ${body.project_id} in body and ${projectId} in URL must be the same`);
  }
  if (objectId !== undefined && body.id !== undefined && body.id !== objectId) {
    throw new BadRequestError(`id: ${body.id} in body and ${objectId} in URL must be the same`);
  }
}
