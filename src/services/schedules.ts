// Schedules: when a template runs by itself (cron, one-off run_at, or on a new commit of a
// repository). Every change to a row is passed on to its timer (`ScheduleEngine`); firing is the
// scheduler's job (src/temporal/schedule-engine.ts, src/activities/schedule.ts).
import type { Db } from '../store/db.ts';
import type { ScheduleRow } from '../store/rows.ts';
import {
  deleteScheduleRow,
  findScheduleIn,
  insertSchedule,
  listScheduleRows,
  listTemplateScheduleRows,
  updateScheduleRow,
  type ScheduleFields,
} from '../store/schedules.ts';
import { templateExistsIn, templateNames } from '../store/templates.ts';
import type { ScheduleBody } from '../contracts/schedules.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { cronProblem } from '../domain/cron-format.ts';
import { writeEvent } from './events.ts';
import type { Caller } from './permissions.ts';
import type { ScheduleEngine } from './schedule-engine.ts';
import { requireRepositoryIn, requireTemplateIn } from './references.ts';

/** Schedules with the name of their template (Semaphore's ScheduleWithTpl). */
async function withTemplateNames(db: Db, schedules: ScheduleRow[]) {
  const names = await templateNames(db, [...new Set(schedules.map((s) => s.template_id))]);
  return schedules.map((s) => ({ ...s, tpl_name: names.get(s.template_id) ?? '' }));
}

export async function listSchedules(db: Db, projectId: number) {
  return withTemplateNames(db, await listScheduleRows(db, projectId));
}

export async function listTemplateSchedules(db: Db, projectId: number, templateId: number) {
  if (!(await templateExistsIn(db, projectId, templateId)))
    throw new NotFoundError(`template ${templateId} not found in project ${projectId}`);
  return withTemplateNames(db, await listTemplateScheduleRows(db, projectId, templateId));
}

export async function getSchedule(db: Db, projectId: number, scheduleId: number) {
  const schedule = await findScheduleIn(db, projectId, scheduleId);
  if (!schedule) throw new NotFoundError(`schedule ${scheduleId} not found in project ${projectId}`);
  return schedule;
}

async function checkSchedule(db: Db, projectId: number, body: ScheduleBody) {
  await requireTemplateIn(db, projectId, body.template_id, 'template_id');
  await requireRepositoryIn(db, projectId, body.repository_id, 'repository_id');
  if (body.type === 'run_at') {
    if (!body.run_at) throw new BadRequestError('run_at: is required for a schedule of type "run_at"');
    if (body.cron_format.trim()) checkCron(body.cron_format);
  } else {
    checkCron(body.cron_format);
  }
}

function checkCron(cronFormat: string) {
  const problem = cronProblem(cronFormat);
  if (problem) throw new BadRequestError(`cron_format: ${problem}`);
}

/** POST /schedules/validate answers as Semaphore does: `Cron: <problem>`. */
export function validateCronFormat(cronFormat: string) {
  const problem = cronProblem(cronFormat);
  if (problem) throw new BadRequestError(`Cron: ${problem}`);
}

const fields = (body: ScheduleBody): ScheduleFields => ({
  template_id: body.template_id,
  name: body.name,
  cron_format: body.cron_format.trim(),
  active: body.active,
  repository_id: body.repository_id ?? null,
  type: body.type,
  run_at: body.run_at ? new Date(body.run_at) : null,
  delete_after_run: body.delete_after_run,
  task_params: body.task_params ? JSON.stringify(body.task_params) : null,
});

export async function createSchedule(
  db: Db,
  timers: ScheduleEngine,
  caller: Caller,
  projectId: number,
  body: ScheduleBody,
) {
  await checkSchedule(db, projectId, body);
  const schedule = await insertSchedule(db, projectId, fields(body));
  await timers.sync(schedule.id);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'schedule',
    object_id: schedule.id,
    description: `Schedule ID ${schedule.id} created`,
  });
  return schedule;
}

export async function updateSchedule(
  db: Db,
  timers: ScheduleEngine,
  caller: Caller,
  projectId: number,
  scheduleId: number,
  body: ScheduleBody,
) {
  const before = await getSchedule(db, projectId, scheduleId);
  await checkSchedule(db, projectId, body);
  // A new repository (or none) means the last seen commit no longer applies.
  const lastCommit = before.repository_id === (body.repository_id ?? null) ? before.last_commit_hash : null;
  await updateScheduleRow(db, scheduleId, { ...fields(body), last_commit_hash: lastCommit });
  await timers.sync(scheduleId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'schedule',
    object_id: scheduleId,
    description: `Schedule ID ${scheduleId} updated`,
  });
}

export async function setScheduleActive(
  db: Db,
  timers: ScheduleEngine,
  caller: Caller,
  projectId: number,
  scheduleId: number,
  active: boolean,
) {
  await getSchedule(db, projectId, scheduleId);
  await updateScheduleRow(db, scheduleId, { active });
  await timers.sync(scheduleId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'schedule',
    object_id: scheduleId,
    description: `Schedule ID ${scheduleId} ${active ? 'activated' : 'deactivated'}`,
  });
}

/** Nothing refers to a schedule; the answer keeps the shape of every other refs route. */
export async function scheduleRefs(_db: Db, _projectId: number, _scheduleId: number) {
  return {
    templates: [] as Array<{ id: number; name: string }>,
    inventories: [] as Array<{ id: number; name: string }>,
    repositories: [] as Array<{ id: number; name: string }>,
  };
}

export async function deleteSchedule(
  db: Db,
  timers: ScheduleEngine,
  caller: Caller,
  projectId: number,
  scheduleId: number,
) {
  await getSchedule(db, projectId, scheduleId);
  await deleteScheduleRow(db, scheduleId);
  await timers.sync(scheduleId);
  await writeEvent(db, {
    user_id: caller.id,
    project_id: projectId,
    object_type: 'schedule',
    object_id: scheduleId,
    description: `Schedule ID ${scheduleId} deleted`,
  });
}
