import { Router } from 'express';
import { projectIdOf, type ApiDeps } from '../context.ts';
import { caller } from '../auth.ts';
import { presentEvent } from '../presenters.ts';
import { LAST_EVENTS, callerEvents, projectEvents } from '../../services/event-feed.ts';

/** /api/events, /api/events/last: what the caller may see of the activity log, newest first. */
export function eventsRoutes({ db }: ApiDeps): Router {
  const r = Router();
  r.get('/events', async (_req, res) => {
    res.json((await callerEvents(db, caller(res))).map(presentEvent));
  });
  r.get('/events/last', async (_req, res) => {
    res.json((await callerEvents(db, caller(res), LAST_EVENTS)).map(presentEvent));
  });
  return r;
}

/** /api/project/{project_id}/events, /events/last (any member). */
export function projectEventsRoutes({ db }: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.get('/', async (_req, res) => {
    res.json((await projectEvents(db, projectIdOf(res))).map(presentEvent));
  });
  r.get('/last', async (_req, res) => {
    res.json((await projectEvents(db, projectIdOf(res), LAST_EVENTS)).map(presentEvent));
  });
  return r;
}
