import { Link, useSearchParams } from 'react-router';
import { isNotFound, useTasks } from '../api/queries';
import { StatusBadge } from '../ui/status';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';
import { TaskView } from './TaskView';

/** The project's tasks, newest first; `?t=<taskId>` opens one (Semaphore's link format). */
export function History() {
  useTitle('History');
  const projectId = useProjectId();
  const [params] = useSearchParams();
  const open = Number(params.get('t'));
  const tasks = useTasks(projectId);
  return (
    <section className={open > 0 ? 'with-task' : undefined}>
      <div className="history">
        <h1>History</h1>
        {tasks.isPending && <p className="loading">Loading…</p>}
        {tasks.isError &&
          (isNotFound(tasks.error) ? (
            <p className="muted">Only members who may run tasks see the project's history.</p>
          ) : (
            <p className="error">{tasks.error.message}</p>
          ))}
        {tasks.data?.length === 0 && <p>No tasks yet.</p>}
        {Boolean(tasks.data?.length) && (
          <table className="tasks">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Template</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {tasks.data?.map((t) => (
                <tr key={t.id} aria-current={t.id === open ? 'true' : undefined}>
                  <td>
                    <Link to={`?t=${t.id}`}>#{t.id}</Link>
                  </td>
                  <td>{t.tpl_alias}</td>
                  <td>
                    <StatusBadge status={t.status} />
                  </td>
                  <td>{t.user_name ?? ''}</td>
                  <td>{t.start ? new Date(t.start).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {open > 0 && <TaskView key={open} projectId={projectId} taskId={open} />}
    </section>
  );
}
