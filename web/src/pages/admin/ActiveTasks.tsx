// Administration: the tasks of every project that have not finished, with links to them.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { StatusBadge } from '../../ui/status';
import { useTitle } from '../../ui/title';
import { AdminOnly } from './AdminOnly';

export default function ActiveTasks() {
  useTitle('Active tasks');
  // Refetched on every /api/ws update (live.ts invalidates ['tasks']).
  const tasks = useQuery({ queryKey: ['tasks', 'active'], queryFn: async () => unwrap(await api.GET('/api/tasks')) });
  return (
    <AdminOnly>
      <section>
        <h1>Active tasks</h1>
        {tasks.data?.length === 0 && <p>No task is running or waiting.</p>}
        {Boolean(tasks.data?.length) && (
          <table>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Project</th>
                <th scope="col">Status</th>
                <th scope="col">Where</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {tasks.data?.map((t) => (
                <tr key={t.task_id}>
                  <td>
                    <Link to={`/project/${t.project_id}/history?t=${t.task_id}`}>#{t.task_id}</Link>
                  </td>
                  <td>{t.project_name}</td>
                  <td>
                    <StatusBadge status={t.status} />
                  </td>
                  <td>{t.location === 'queue' ? 'queued' : t.runner_name || 'this server'}</td>
                  <td>{t.username}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminOnly>
  );
}
