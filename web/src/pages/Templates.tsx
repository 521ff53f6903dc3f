import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, Permission, unwrap } from '../api/client';
import { useRole, useTemplates } from '../api/queries';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';

const TYPE_TITLES: Record<string, string> = { '': 'Task', build: 'Build', deploy: 'Deploy' };

/** The project's templates; a Run button for whoever may run tasks (it runs with the template's defaults). */
export function Templates() {
  useTitle('Templates');
  const projectId = useProjectId();
  const templates = useTemplates(projectId);
  const role = useRole(projectId);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [error, setError] = useState<{ id: number; message: string }>();
  const mayRun = ((role.data?.permissions ?? 0) & Permission.runProjectTasks) !== 0;

  const run = async (templateId: number) => {
    setError(undefined);
    try {
      const task = unwrap(
        await api.POST('/api/project/{project_id}/tasks', {
          params: { path: { project_id: projectId } },
          body: {
            template_id: templateId,
            debug: false,
            dry_run: false,
            diff: false,
            playbook: '',
            environment: '',
            limit: '',
            message: '',
          },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'tasks'] });
      navigate(`/project/${projectId}/history?t=${task.id}`);
    } catch (err) {
      setError({ id: templateId, message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <section>
      <h1>Templates</h1>
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
              {mayRun && <th scope="col">Run</th>}
            </tr>
          </thead>
          <tbody>
            {templates.data?.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{TYPE_TITLES[t.type] ?? t.type}</td>
                <td>{t.app}</td>
                <td>{t.playbook}</td>
                {mayRun && (
                  <td>
                    <button type="button" onClick={() => run(t.id)} aria-label={`Run ${t.name}`}>
                      Run
                    </button>
                    {error?.id === t.id && (
                      <span className="error" role="alert">
                        {error.message}
                      </span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
