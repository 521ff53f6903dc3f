// The project's activity log: who did what, newest first.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';

export default function Activity() {
  useTitle('Activity');
  const projectId = useProjectId();
  const events = useQuery({
    queryKey: ['project', projectId, 'events'],
    // Events have no /api/ws message: the log is read each time the page opens.
    staleTime: 0,
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/events', { params: { path: { project_id: projectId } } })),
  });
  return (
    <section>
      <h1>Activity</h1>
      {events.isPending && <p className="loading">Loading…</p>}
      {events.isError && <p className="error">{events.error.message}</p>}
      {events.data?.length === 0 && <p>Nothing yet.</p>}
      {Boolean(events.data?.length) && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {events.data?.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; the list is read whole.
              <tr key={i}>
                <td>{new Date(e.created).toLocaleString()}</td>
                <td>{e.username ?? ''}</td>
                <td>{e.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
