import { Router } from 'express';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { resourceRoutes } from '../resource-routes.ts';
import { parse, pathId } from '../validation.ts';
import { presentSchedule } from '../presenters.ts';
import { cronFormatBody, scheduleActiveBody, scheduleBody } from '../../contracts/schedules.ts';
import * as schedules from '../../services/schedules.ts';

/** /api/project/{project_id}/schedules */
export function schedulesRoutes({ db, schedules: timers }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.post('/validate', async (req, res) => {
    schedules.validateCronFormat(parse(cronFormatBody, req.body).cron_format);
    res.status(200).end();
  });
  r.put('/:schedule_id/active', async (req, res) => {
    const { active } = parse(scheduleActiveBody, req.body);
    await schedules.setScheduleActive(
      db,
      timers,
      caller(res),
      projectIdOf(res),
      pathId(req.params, 'schedule_id'),
      active,
    );
    res.status(204).end();
  });
  r.use(
    resourceRoutes({
      param: 'schedule_id',
      schema: scheduleBody,
      present: presentSchedule,
      list: (p) => schedules.listSchedules(db, p),
      get: (p, id) => schedules.getSchedule(db, p, id),
      refs: (p, id) => schedules.scheduleRefs(db, p, id),
      create: (c, p, body) => schedules.createSchedule(db, timers, c, p, body),
      update: (c, p, id, body) => schedules.updateSchedule(db, timers, c, p, id, body),
      remove: (c, p, id) => schedules.deleteSchedule(db, timers, c, p, id),
    }),
  );
  return r;
}
