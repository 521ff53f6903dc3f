// The Express application: the webhook receiver, then the /api routes behind the one access gate
// (declared-access.ts enforces each route's rule from the operation registry), then the web UI at /.
// Errors of every kind end in one handler.
import express from 'express';
import type { ApiDeps } from './context.ts';
import { requireAuth } from './auth.ts';
import { enforceDeclaredAccess } from './declared-access.ts';
import { errorHandler, notFoundRoute } from './error-handler.ts';
import { sameOriginOnly, trustProxySetting } from './same-origin.ts';
import { responseHeaders } from './response-headers.ts';
import { authRoutes } from './routes/auth.ts';
import { totpSignInRoutes, totpUserRoutes } from './routes/totp.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { infoRoutes, pingRoutes } from './routes/system.ts';
import { runnerJobRoutes } from './routes/runner-jobs.ts';
import { runnerProtocolRoutes } from './routes/runner-protocol.ts';
import { userRoutes } from './routes/user.ts';
import { projectRoutes, projectsRoutes } from './routes/projects.ts';
import { keysRoutes } from './routes/keys.ts';
import { repositoriesRoutes } from './routes/repositories.ts';
import { inventoriesRoutes } from './routes/inventories.ts';
import { environmentsRoutes } from './routes/environments.ts';
import { templatesRoutes } from './routes/templates.ts';
import { tasksRoutes } from './routes/tasks.ts';
import { usersRoutes } from './routes/users.ts';
import { leaveProjectRoutes, projectUsersRoutes } from './routes/project-users.ts';
import { eventsRoutes, projectEventsRoutes } from './routes/events.ts';
import { templateHistoryRoutes } from './routes/template-history.ts';
import { viewsRoutes } from './routes/views.ts';
import { schedulesRoutes } from './routes/schedules.ts';
import { integrationsRoutes } from './routes/integrations.ts';
import { integrationReceiverRoutes } from './routes/integration-receiver.ts';
import { backupRoutes, restoreRoutes } from './routes/backup.ts';
import { alertRoutes } from './routes/alerts.ts';
import { optionsRoutes } from './routes/options.ts';
import { runnersRoutes } from './routes/runners.ts';
import { projectRunnersRoutes } from './routes/project-runners.ts';
import { appsRoutes } from './routes/apps.ts';
import { activeTasksRoutes } from './routes/active-tasks.ts';
import { liveRoutes } from './routes/live.ts';
import { referenceRoutes } from './routes/reference.ts';
import { webUiRoutes } from './web-ui.ts';

export const BODY_LIMIT = '2mb';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', false);
  // Whose X-Forwarded-For/-Proto to believe (req.ip, req.secure): nobody's unless configured.
  app.set('trust proxy', trustProxySetting(deps.config.trustProxy));
  // Content-Type exactly as upstream's, and the Content-Security-Policy: on every answer.
  app.use(responseHeaders);
  // Semaphore crops trailing slashes before routing.
  app.use((req, _res, next) => {
    if (req.url.length > 1 && /\/+(\?|$)/.test(req.url)) req.url = req.url.replace(/\/+(\?|$)/, '$1') || '/';
    next();
  });
  // The public webhook receiver reads the raw body (signatures are HMACs of its bytes): before the JSON parser.
  app.use('/api', integrationReceiverRoutes(deps, BODY_LIMIT));
  // Every later route authenticates by cookie or bearer token: no cookie use from other sites.
  app.use('/api', sameOriginOnly(deps.config.webHost));
  app.use(express.json({ limit: BODY_LIMIT, strict: false }));

  const api = express.Router();
  api.use(enforceDeclaredAccess(deps));
  api.use(pingRoutes());
  api.use(referenceRoutes()); // /api/openapi.json and /api/docs
  api.use(authRoutes(deps));
  api.use(totpSignInRoutes(deps)); // a session awaiting its second factor: before requireAuth
  api.use(oidcRoutes(deps)); // /api/auth/oidc/{provider_id}/login and …/redirect
  api.use(runnerJobRoutes(deps)); // runner token, not a user session
  api.use(runnerProtocolRoutes(deps)); // Semaphore's runners: registration token, then runner token
  api.use(requireAuth(deps.db));
  api.use(infoRoutes(deps));
  api.use(liveRoutes());
  api.use(userRoutes(deps));
  api.use(usersRoutes(deps));
  api.use(totpUserRoutes(deps));
  api.use(eventsRoutes(deps));
  api.use(projectsRoutes(deps));
  api.use(restoreRoutes(deps));
  // Administrators only, as their registry entries declare (enforced above, like every rule).
  api.use('/options', optionsRoutes(deps));
  api.use('/runners', runnersRoutes(deps));
  api.use('/apps', appsRoutes(deps));
  api.use('/tasks', activeTasksRoutes(deps));

  // Project routes: the gate above has checked the caller's role and left it in res.locals.access.
  const project = express.Router({ mergeParams: true });
  project.use('/keys', keysRoutes(deps));
  project.use('/repositories', repositoriesRoutes(deps));
  project.use('/inventory', inventoriesRoutes(deps));
  project.use('/environment', environmentsRoutes(deps));
  project.use('/templates', templatesRoutes(deps));
  project.use('/templates/:template_id', templateHistoryRoutes(deps));
  project.use('/views', viewsRoutes(deps));
  project.use('/schedules', schedulesRoutes(deps));
  project.use('/integrations', integrationsRoutes(deps));
  project.use('/tasks', tasksRoutes(deps));
  project.use('/users', projectUsersRoutes(deps));
  project.use('/me', leaveProjectRoutes(deps));
  project.use('/events', projectEventsRoutes(deps));
  project.use('/backup', backupRoutes(deps));
  project.use('/alerts', alertRoutes(deps));
  project.use('/runners', projectRunnersRoutes(deps));
  project.use('/', projectRoutes(deps));
  api.use('/project/:project_id', project);

  app.use('/api', api);
  app.use(webUiRoutes()); // the web UI (web/), built by setup; never for /api paths
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
