// Data access for schedules.
import type { Db } from './db.ts';
import type { ScheduleRow } from './rows.ts';

/** The columns a schedule's owner sets (the last commit seen is the scheduler's). */
export type ScheduleFields = Omit<ScheduleRow, 'id' | 'project_id' | 'last_commit_hash'>;

/** The project's timed schedules (cron, run_at): not the commit checks, as upstream lists them. */
export function listScheduleRows(db: Db, projectId: number): Promise<ScheduleRow[]> {
  return db.schedule.findMany({ where: { project_id: projectId, repository_id: null }, orderBy: { id: 'asc' } });
}

/** A template's commit checks (schedules with a repository), as upstream's template schedules list. */
export function listTemplateScheduleRows(db: Db, projectId: number, templateId: number): Promise<ScheduleRow[]> {
  return db.schedule.findMany({
    where: { project_id: projectId, template_id: templateId, repository_id: { not: null } },
    orderBy: { id: 'asc' },
  });
}

export function findScheduleIn(db: Db, projectId: number, scheduleId: number): Promise<ScheduleRow | null> {
  return db.schedule.findFirst({ where: { id: scheduleId, project_id: projectId } });
}

export function findSchedule(db: Db, scheduleId: number): Promise<ScheduleRow | null> {
  return db.schedule.findUnique({ where: { id: scheduleId } });
}

/** Ids of the project's schedules, or of every schedule. */
export async function scheduleIds(db: Db, projectId?: number): Promise<number[]> {
  const rows = await db.schedule.findMany({
    ...(projectId !== undefined ? { where: { project_id: projectId } } : {}),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export function insertSchedule(db: Db, projectId: number, fields: ScheduleFields): Promise<ScheduleRow> {
  return db.schedule.create({ data: { project_id: projectId, ...fields } });
}

export async function updateScheduleRow(
  db: Db,
  scheduleId: number,
  fields: Partial<Omit<ScheduleRow, 'id' | 'project_id'>>,
): Promise<void> {
  await db.schedule.update({ where: { id: scheduleId }, data: fields });
}

export async function deleteScheduleRow(db: Db, scheduleId: number): Promise<void> {
  await db.schedule.delete({ where: { id: scheduleId } });
}
