// GET /api/project/{id}/backup: reads the project's rows and maps them with toBackup().
import type { Db } from '../../store/db.ts';
import { randomAlphanumeric } from '../../security/random-text.ts';
import { readBackupRows } from '../../store/backups.ts';
import { NotFoundError } from '../errors.ts';
import type { BackupDocument, ProjectSnapshot } from './format.ts';
import { toBackup } from './to-backup.ts';

export async function readSnapshot(db: Db, projectId: number): Promise<ProjectSnapshot> {
  const { project, ...rows } = await readBackupRows(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId} not found`);
  return { project, ...rows };
}

/**
 * The backup document. `withCredentials` is for those who may edit the project's resources: others
 * (guests, task runners) get it without environments' vault passwords and without integration
 * aliases, since an alias alone can start a task through its webhook.
 */
export async function exportProject(db: Db, projectId: number, withCredentials: boolean): Promise<BackupDocument> {
  const snapshot = await readSnapshot(db, projectId);
  const shown = withCredentials
    ? snapshot
    : { ...snapshot, environments: snapshot.environments.map((e) => ({ ...e, password: null })), aliases: [] };
  return toBackup(shown, () => randomAlphanumeric(10));
}
