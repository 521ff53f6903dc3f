// Routes follow Semaphore's URL scheme (§14): /auth/login, /project/new, /project/:id/history
// (?t=<taskId> opens the task, as links in alerts expect), /project/:id/templates (…/new,
// …/:templateId/edit), /project/:id/views/:viewId/templates, /project/:id/inventory, …/environment, …/keys, …/repositories, …/schedule,
// …/team, …/activity, …/settings, …/integrations, …/integration/:integrationId; administration: /users, /runners, /tasks, /apps, /options.
// Signalman's own: /project/restore (a project from a backup file), /account (API tokens, two-factor sign-in).
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api } from './api/client';
import { useUser } from './api/queries';
import { useLive } from './live-context';
import { History } from './pages/History';
import { Login } from './pages/Login';
import { NewProject } from './pages/NewProject';
import { NotFound } from './pages/NotFound';
import { ProjectLayout } from './pages/ProjectLayout';
import { Projects } from './pages/Projects';
import { Templates } from './pages/Templates';

// Pages beyond the first load come as their own files when first opened (the first load stays small).
const TemplateForm = lazy(() => import('./pages/TemplateForm'));
const Keys = lazy(() => import('./pages/Keys'));
const Repositories = lazy(() => import('./pages/Repositories'));
const Inventories = lazy(() => import('./pages/Inventories'));
const Environments = lazy(() => import('./pages/Environments'));
const Schedules = lazy(() => import('./pages/Schedules'));
const Team = lazy(() => import('./pages/Team'));
const Activity = lazy(() => import('./pages/Activity'));
const Settings = lazy(() => import('./pages/Settings'));
const Integrations = lazy(() => import('./pages/Integrations'));
const IntegrationDetail = lazy(() => import('./pages/IntegrationDetail'));
const Users = lazy(() => import('./pages/admin/Users'));
const Runners = lazy(() => import('./pages/admin/Runners'));
const ActiveTasks = lazy(() => import('./pages/admin/ActiveTasks'));
const Apps = lazy(() => import('./pages/admin/Apps'));
const Options = lazy(() => import('./pages/admin/Options'));
const RestoreProject = lazy(() => import('./pages/RestoreProject'));
const Account = lazy(() => import('./pages/Account'));

export function App() {
  return (
    <Routes>
      <Route path="/auth/login" element={<Login />} />
      <Route element={<SignedIn />}>
        <Route index element={<Projects />} />
        <Route path="project/new" element={<NewProject />} />
        <Route path="project/restore" element={<RestoreProject />} />
        <Route path="project/:projectId" element={<ProjectLayout />}>
          <Route index element={<Navigate to="history" replace />} />
          <Route path="history" element={<History />} />
          <Route path="templates" element={<Templates />} />
          <Route path="views/:viewId/templates" element={<Templates />} />
          <Route path="templates/new" element={<TemplateForm />} />
          <Route path="templates/:templateId/edit" element={<TemplateForm />} />
          <Route path="inventory" element={<Inventories />} />
          <Route path="environment" element={<Environments />} />
          <Route path="keys" element={<Keys />} />
          <Route path="repositories" element={<Repositories />} />
          <Route path="schedule" element={<Schedules />} />
          <Route path="team" element={<Team />} />
          <Route path="activity" element={<Activity />} />
          <Route path="settings" element={<Settings />} />
          <Route path="integrations" element={<Integrations />} />
          <Route path="integration/:integrationId" element={<IntegrationDetail />} />
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="users" element={<Users />} />
        <Route path="runners" element={<Runners />} />
        <Route path="tasks" element={<ActiveTasks />} />
        <Route path="apps" element={<Apps />} />
        <Route path="options" element={<Options />} />
        <Route path="account" element={<Account />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** The pages for a signed-in user: the header, the live socket, and the page. */
function SignedIn() {
  const user = useUser();
  const live = useLive();
  const location = useLocation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const signedIn = Boolean(user.data);

  useEffect(() => {
    if (!signedIn) return;
    live.start();
    return () => live.stop();
  }, [signedIn, live]);

  if (user.isPending) return <p className="loading">Loading…</p>;
  if (user.isError) return <p className="error">{user.error.message}</p>;
  if (!user.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/auth/login?next=${encodeURIComponent(next)}`} replace />;
  }

  const signOut = async () => {
    await api.POST('/api/auth/logout');
    live.stop();
    queries.clear();
    navigate('/auth/login');
  };

  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          Signalman
        </Link>
        {user.data.admin && (
          <nav className="admin-nav" aria-label="Administration">
            <NavLink to="/users">Users</NavLink>
            <NavLink to="/runners">Runners</NavLink>
            <NavLink to="/tasks">Active tasks</NavLink>
            <NavLink to="/apps">Apps</NavLink>
            <NavLink to="/options">Options</NavLink>
          </nav>
        )}
        <span className="spacer" />
        <NavLink to="/account" className="who" title="Your account: API tokens, two-factor sign-in">
          {user.data.name || user.data.username}
        </NavLink>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
