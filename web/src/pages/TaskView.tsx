import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, FINISHED, Permission, unwrap } from '../api/client';
import { isNotFound, useRole, useTask } from '../api/queries';
import { LogView } from '../ui/LogView';
import { StatusBadge } from '../ui/status';
import { useTitle } from '../ui/title';

/** One task: its status, a stop button for whoever may run tasks, and its live log. */
export function TaskView({ projectId, taskId }: { projectId: number; taskId: number }) {
  useTitle(`Task #${taskId}`);
  const task = useTask(projectId, taskId);
  const role = useRole(projectId);
  const queries = useQueryClient();
  const [error, setError] = useState('');
  const mayRun = ((role.data?.permissions ?? 0) & Permission.runProjectTasks) !== 0;
  const status = task.data?.status;

  const stop = async () => {
    setError('');
    try {
      unwrap(
        await api.POST('/api/project/{project_id}/tasks/{task_id}/stop', {
          params: { path: { project_id: projectId, task_id: taskId } },
          body: { force: false },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'task', taskId] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <article className="task" aria-labelledby="task-title">
      <header className="bar">
        <h2 id="task-title">Task #{taskId}</h2>
        {status && <StatusBadge status={status} />}
        <span className="spacer" />
        {mayRun && status && !FINISHED.has(status) && status !== 'stopping' && (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
        <Link to="?" aria-label="Close the task">
          Close
        </Link>
      </header>
      {isNotFound(task.error) && <p className="error">No such task in this project.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {task.data && <LogView projectId={projectId} taskId={taskId} />}
    </article>
  );
}
