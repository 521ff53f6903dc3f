// What route handlers are given, and the project access check they share.
import type { RequestHandler, Response } from 'express';
import { BadRequestError } from '../services/errors.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import type { TaskEngine } from '../services/task-engine.ts';
import type { ScheduleEngine } from '../services/schedule-engine.ts';
import type { OutputListener } from '../tasks/output-writer.ts';
import type { TaskStatus } from '../services/task-status.ts';
import { requireProjectAccess, type ProjectAccess } from '../services/permissions.ts';
import { caller } from './auth.ts';
import { pathId } from './validation.ts';

export interface ApiDeps {
  db: Db;
  config: Config;
  engine: TaskEngine;
  /** Keeps schedules' timers in step with their rows. */
  schedules: ScheduleEngine;
  encryptionKey: Buffer | null;
  /** Live-stream hooks for changes the API itself stores (output and status from remote runners). */
  live?: { onLines?: OutputListener; onStatus?: (taskId: number, status: TaskStatus) => void };
  version: string;
  /** The clock of time windows (login throttling); tests pass their own. Default Date.now. */
  now?: () => number;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Members may read; other methods need all of `bits` (see services/permissions.ts). */
export function projectAccess(db: Db, bits: number): RequestHandler {
  return async (req, res, next) => {
    const projectId = pathId(req.params, 'project_id');
    res.locals.access = await requireProjectAccess(db, caller(res), projectId, !READ_METHODS.has(req.method), bits);
    next();
  };
}

export function access(res: Response): ProjectAccess {
  return res.locals.access as ProjectAccess;
}

export function projectIdOf(res: Response): number {
  return access(res).projectId;
}

/**
 * Semaphore's rules for ids in bodies: `project_id`, when given, must be the project of the path,
 * and on PUT the body's `id`, when given, must be the id of the path.
 */
export function checkBodyIds(body: { project_id?: number | null; id?: number }, projectId: number, objectId?: number): void {
  if (body.project_id != null && body.project_id !== projectId) {
    throw new BadRequestError(`project_id: ${body.project_id} in body and ${projectId} in URL must be the same`);
  }
  if (objectId !== undefined && body.id !== undefined && body.id !== objectId) {
    throw new BadRequestError(`id: ${body.id} in body and ${objectId} in URL must be the same`);
  }
}
