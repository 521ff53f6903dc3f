// One task: its status and stages, what a role that may run tasks may do with it (stop, force
// stop, confirm or reject a Terraform plan, re-run), and its live log with search and download.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, FINISHED, Permission, type Task, unwrap } from '../api/client';
import { isNotFound, useInfo, usePermissions, useStages, useTask } from '../api/queries';
import { LogView } from '../ui/LogView';
import { withParam } from './history-filters';
import { StatusBadge } from '../ui/status';
import { useTitle } from '../ui/title';

const STAGE_TITLES: Record<string, string> = {
  repository_clone: 'Repository',
  terraform_plan: 'Plan',
  terraform_apply: 'Apply',
  running: 'Run',
};

/** The same run again: what the task asked for (secret survey values are stored nowhere, so not those). */
function rerunBody(task: Task) {
  return {
    template_id: task.template_id,
    debug: task.debug,
    dry_run: task.dry_run,
    diff: task.diff,
    playbook: task.playbook,
    environment: task.environment,
    limit: task.limit,
    message: task.message,
    arguments: task.arguments,
    git_branch: task.git_branch,
    inventory_id: task.inventory_id,
    params: task.params,
  };
}

/** The task's workflow in the Temporal Web UI, when /api/info names one (administrators only). */
function TemporalLink({ taskId }: { taskId: number }) {
  const info = useInfo().data;
  if (!info?.temporal_ui_url) return null;
  const namespace = encodeURIComponent(info.temporal_namespace ?? 'default');
  return (
    <a
      href={`${info.temporal_ui_url}/namespaces/${namespace}/workflows/task-${taskId}`}
      target="_blank"
      rel="noopener noreferrer"
    >
      Workflow in Temporal
    </a>
  );
}

export function TaskView({ projectId, taskId }: { projectId: number; taskId: number }) {
  useTitle(`Task #${taskId}`);
  const task = useTask(projectId, taskId);
  const status = task.data?.status;
  const stages = useStages(projectId, taskId, status);
  const mayRun = (usePermissions(projectId) & Permission.runProjectTasks) !== 0;
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const path = { project_id: projectId, task_id: taskId };

  const act = async (what: () => Promise<unknown>) => {
    setError('');
    setBusy(true);
    try {
      await what();
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'task', taskId] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const stop = (force: boolean) =>
    act(async () =>
      unwrap(await api.POST('/api/project/{project_id}/tasks/{task_id}/stop', { params: { path }, body: { force } })),
    );
  const confirm = () =>
    act(async () => unwrap(await api.POST('/api/project/{project_id}/tasks/{task_id}/confirm', { params: { path } })));
  const reject = () =>
    act(async () => unwrap(await api.POST('/api/project/{project_id}/tasks/{task_id}/reject', { params: { path } })));
  const rerun = () =>
    act(async () => {
      if (!task.data) return;
      const again = unwrap(
        await api.POST('/api/project/{project_id}/tasks', {
          params: { path: { project_id: projectId } },
          body: rerunBody(task.data),
        }),
      );
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'tasks'] });
      navigate(`/project/${projectId}/history?t=${again.id}`);
    });

  const finished = status !== undefined && FINISHED.has(status);
  return (
    <article className="task" aria-labelledby="task-title">
      <header className="bar">
        <h2 id="task-title">Task #{taskId}</h2>
        {status && <StatusBadge status={status} />}
        <span className="spacer" />
        {mayRun && status && !finished && status !== 'stopping' && (
          <button type="button" onClick={() => stop(false)} disabled={busy}>
            Stop
          </button>
        )}
        {mayRun && status === 'stopping' && (
          <button type="button" onClick={() => stop(true)} disabled={busy}>
            Force stop
          </button>
        )}
        {mayRun && finished && (
          <button type="button" onClick={rerun} disabled={busy}>
            Re-run
          </button>
        )}
        <TemporalLink taskId={taskId} />
        <Link to={withParam(params, 't', '')} aria-label="Close the task">
          Close
        </Link>
      </header>
      {task.data?.message && <p className="muted">{task.data.message}</p>}
      {/* Always there, one line high before the first stage, so that the log does not move when stages arrive. */}
      {task.data && (
        <ol className="stages" aria-label="Stages">
          {stages.data?.map((s) => (
            <li key={s.id} className={s.end ? undefined : 'running'}>
              {STAGE_TITLES[s.type] ?? s.type}
              {s.start && s.end
                ? ` ${((new Date(s.end).getTime() - new Date(s.start).getTime()) / 1000).toFixed(1)} s`
                : ' …'}
            </li>
          ))}
        </ol>
      )}
      {status === 'waiting_confirmation' && (
        <section className="confirm" aria-label="Plan confirmation">
          <span>The plan waits for confirmation.</span>
          {mayRun && (
            <>
              <button type="button" className="button" onClick={confirm} disabled={busy}>
                Confirm
              </button>
              <button type="button" onClick={reject} disabled={busy}>
                Reject
              </button>
            </>
          )}
        </section>
      )}
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
