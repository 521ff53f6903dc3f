import { Suspense } from 'react';
import { NavLink, Outlet, useParams } from 'react-router';
import { Permission } from '../api/client';
import { isNotFound, usePermissions, useProject } from '../api/queries';

export function useProjectId(): number {
  return Number(useParams().projectId);
}

/** A project's pages: its name, the tabs, and the page. */
export function ProjectLayout() {
  const projectId = useProjectId();
  const project = useProject(projectId);
  const permissions = usePermissions(projectId);
  const may = (bit: number) => (permissions & bit) !== 0;
  if (!Number.isSafeInteger(projectId) || projectId <= 0 || isNotFound(project.error)) {
    return <p className="error">No such project, or it is not yours to see.</p>;
  }
  return (
    <>
      <nav className="tabs" aria-label="Project">
        <strong className="project-name">{project.data?.name ?? '…'}</strong>
        <NavLink to={`/project/${projectId}/history`}>History</NavLink>
        <NavLink to={`/project/${projectId}/templates`}>Templates</NavLink>
        <NavLink to={`/project/${projectId}/inventory`}>Inventory</NavLink>
        <NavLink to={`/project/${projectId}/environment`}>Environment</NavLink>
        <NavLink to={`/project/${projectId}/keys`}>Key Store</NavLink>
        <NavLink to={`/project/${projectId}/repositories`}>Repositories</NavLink>
        {may(Permission.manageProjectResources) && <NavLink to={`/project/${projectId}/schedule`}>Schedules</NavLink>}
        {may(Permission.manageProjectResources) && (
          <NavLink to={`/project/${projectId}/integrations`}>Integrations</NavLink>
        )}
        {may(Permission.manageProjectUsers) && <NavLink to={`/project/${projectId}/team`}>Team</NavLink>}
        <NavLink to={`/project/${projectId}/activity`}>Activity</NavLink>
        <NavLink to={`/project/${projectId}/settings`}>Settings</NavLink>
      </nav>
      <Suspense fallback={<p className="loading">Loading…</p>}>
        <Outlet />
      </Suspense>
    </>
  );
}
