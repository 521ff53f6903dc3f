// GET /api/project/{id}/backup: reads the project's rows and maps them with toBackup().
import type { Db } from '../../store/db.ts';
import { randomAlphanumeric } from '../../security/random-text.ts';
import { getProject } from '../projects.ts';
import type { BackupDocument, ProjectSnapshot } from './format.ts';
import { toBackup } from './to-backup.ts';

export async function readSnapshot(db: Db, projectId: number): Promise<ProjectSnapshot> {
  const where = { project_id: projectId };
  const byId = { id: 'asc' } as const;
  const [project, keys, repositories, inventories, environments, views, templates, schedules, integrations, aliases] =
    await Promise.all([
      getProject(db, projectId),
      // Environment secrets are access keys too; they never leave, not even by name.
      db.accessKey.findMany({
        where: { ...where, environment_id: null },
        select: { id: true, name: true, type: true },
        orderBy: byId,
      }),
      db.repository.findMany({ where, orderBy: byId }),
      db.inventory.findMany({ where, orderBy: byId }),
      db.environment.findMany({
        where,
        select: { id: true, name: true, password: true, json: true, env: true },
        orderBy: byId,
      }),
      db.view.findMany({ where, orderBy: byId }),
      db.template.findMany({ where, include: { vaults: true }, orderBy: byId }),
      db.schedule.findMany({
        where,
        select: { id: true, template_id: true, cron_format: true, type: true },
        orderBy: byId,
      }),
      db.integration.findMany({ where, include: { matchers: true, extract_values: true }, orderBy: byId }),
      db.integrationAlias.findMany({ where, select: { alias: true, integration_id: true }, orderBy: byId }),
    ]);
  return { project, keys, repositories, inventories, environments, views, templates, schedules, integrations, aliases };
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
