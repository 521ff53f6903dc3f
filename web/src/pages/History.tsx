import { Link, useSearchParams } from 'react-router';
import { isNotFound, useTasks } from '../api/queries';
import { StatusBadge } from '../ui/status';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';
import { FILTER_KEYS, filtersOf, HistoryFilters, matches, paramsWith, withParam } from './history-filters';
import { TaskView } from './TaskView';

/**
 * The project's tasks, newest first; `?t=<taskId>` opens one (Semaphore's link format), and
 * `status`, `template`, `user`, `q` filter them (history-filters.tsx).
 */
export function History() {
  useTitle('History');
  const projectId = useProjectId();
  const [params, setParams] = useSearchParams();
  const open = Number(params.get('t'));
  const tasks = useTasks(projectId);
  const filters = filtersOf(params);
  const shown = tasks.data?.filter((t) => matches(t, filters));
  const set = (key: string, value: string) =>
    setParams((p) => paramsWith(p, key, value), { replace: key === 'q', preventScrollReset: true });
  const clear = () => setParams((p) => FILTER_KEYS.reduce((q, k) => paramsWith(q, k, ''), p));
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
          <HistoryFilters tasks={tasks.data ?? []} filters={filters} set={set} clear={clear} />
        )}
        {Boolean(tasks.data?.length) && shown?.length === 0 && <p>No task matches the filters.</p>}
        {Boolean(shown?.length) && (
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
              {shown?.map((t) => (
                <tr key={t.id} aria-current={t.id === open ? 'true' : undefined}>
                  <td>
                    <Link to={withParam(params, 't', String(t.id))}>#{t.id}</Link>
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
