import { lazy, Suspense, useState } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { Permission, type Template } from '../api/client';
import { usePermissions, useTemplates, useViews } from '../api/queries';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';
import { RunDialog } from './RunDialog';

const ViewEditor = lazy(() => import('./ViewEditor'));

const TYPE_TITLES: Record<string, string> = { '': 'Task', build: 'Build', deploy: 'Deploy' };

/**
 * The project's templates, grouped by views (`/project/:id/views/:viewId/templates` shows one): Run
 * (the run dialog) for whoever may run tasks, New and Edit (and the view editor) for whoever may
 * manage resources.
 */
export function Templates() {
  useTitle('Templates');
  const projectId = useProjectId();
  const all = useTemplates(projectId);
  const views = useViews(projectId);
  const viewId = Number(useParams().viewId ?? 0);
  const shown = viewId ? all.data?.filter((t) => t.view_id === viewId) : all.data;
  const templates = { ...all, data: shown };
  const [running, setRunning] = useState<Template>();
  const [editingViews, setEditingViews] = useState(false);
  const permissions = usePermissions(projectId);
  const mayRun = (permissions & Permission.runProjectTasks) !== 0;
  const mayEdit = (permissions & Permission.manageProjectResources) !== 0;

  return (
    <section>
      <div className="bar">
        <h1>Templates</h1>
        <span className="spacer" />
        {mayEdit && !editingViews && (
          <button type="button" onClick={() => setEditingViews(true)}>
            Edit views
          </button>
        )}
        {mayEdit && <Link to={`/project/${projectId}/templates/new`}>New template</Link>}
      </div>
      {mayEdit && editingViews && (
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <ViewEditor projectId={projectId} onDone={() => setEditingViews(false)} />
        </Suspense>
      )}
      {Boolean(views.data?.length) && (
        <nav className="tabs" aria-label="Views">
          <NavLink to={`/project/${projectId}/templates`} end>
            All
          </NavLink>
          {views.data?.map((v) => (
            <NavLink key={v.id} to={`/project/${projectId}/views/${v.id}/templates`}>
              {v.title}
            </NavLink>
          ))}
        </nav>
      )}
      {templates.isPending && <p className="loading">Loading…</p>}
      {templates.isError && <p className="error">{templates.error.message}</p>}
      {templates.data?.length === 0 && <p>No templates yet.</p>}
      {Boolean(templates.data?.length) && (
        <table className="templates">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">App</th>
              <th scope="col">Playbook or script</th>
              {(mayRun || mayEdit) && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {templates.data?.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{TYPE_TITLES[t.type] ?? t.type}</td>
                <td>{t.app}</td>
                <td>{t.playbook}</td>
                {(mayRun || mayEdit) && (
                  <td className="row-actions">
                    {mayRun && (
                      <button type="button" onClick={() => setRunning(t)} aria-label={`Run ${t.name}`}>
                        Run
                      </button>
                    )}
                    {mayEdit && (
                      <Link to={`/project/${projectId}/templates/${t.id}/edit`} aria-label={`Edit ${t.name}`}>
                        Edit
                      </Link>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {running && <RunDialog projectId={projectId} template={running} onClose={() => setRunning(undefined)} />}
    </section>
  );
}
