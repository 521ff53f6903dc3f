// The project's schedules: a cron expression (previewed in plain words with its next run times,
// in the zone the server runs schedules in) or one time (`run_at`), for a template; on or off.
// A cron schedule with a repository (`repository_id`, Semaphore's "run on new commit") checks that
// repository's branch at its cron times and starts a task only when the branch has a new commit.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { useInfo, usePermissions, useRepositories, useSchedules, useTemplates } from '../api/queries';
import { describeCron, nextRuns, parseCron } from '../ui/cron';
import { FormDialog } from '../ui/dialog';
import { Check, Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';
import { STORED_PARAMS_FIELDS, StoredTaskParams, useStoredTaskParams } from './stored-task-params';

type Schedule = Schemas['Schedule'];
const KNOWN = [
  'name',
  'template_id',
  'cron_format',
  'Cron',
  'run_at',
  'type',
  'repository_id',
  'active',
  ...STORED_PARAMS_FIELDS,
];

export default function Schedules() {
  const projectId = useProjectId();
  const schedules = useSchedules(projectId);
  const repositories = useRepositories(projectId);
  const repositoryName = (id: number) => repositories.data?.find((r) => r.id === id)?.name ?? `repository ${id}`;
  /** A time, a cron expression, or the commit check with how often it looks. */
  const when = (s: Schedule) => {
    const at = s.run_at ? new Date(s.run_at).toLocaleString() : '';
    if (!s.repository_id) return s.type === 'run_at' ? at : <code>{s.cron_format}</code>;
    return (
      <span>
        On new commits to {repositoryName(s.repository_id)} (checked{' '}
        {s.type === 'run_at' ? `once, at ${at}` : <code>{s.cron_format}</code>})
      </span>
    );
  };
  const queries = useQueryClient();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'schedules'] });
  const path = (id: number) => ({ path: { project_id: projectId, schedule_id: id } });
  const toggle = async (s: Schedule) => {
    unwrap(
      await api.PUT('/api/project/{project_id}/schedules/{schedule_id}/active', {
        params: path(s.id),
        body: { active: !s.active },
      }),
    );
    await refresh();
  };
  return (
    <ResourcePage
      title="Schedules"
      noun="schedule"
      items={schedules}
      mayEdit={mayEdit}
      columns={[
        ['Name', (s) => s.name],
        ['Template', (s) => s.tpl_name ?? ''],
        ['When', when],
        [
          'Active',
          (s) => (
            <input
              type="checkbox"
              checked={s.active}
              disabled={!mayEdit}
              onChange={() => toggle(s)}
              aria-label={`${s.name} active`}
            />
          ),
        ],
      ]}
      form={(s, close) => <ScheduleForm projectId={projectId} schedule={s} onClose={close} onSaved={refresh} />}
      onDelete={async (s) => {
        unwrap(await api.DELETE('/api/project/{project_id}/schedules/{schedule_id}', { params: path(s.id) }));
        await refresh();
      }}
    />
  );
}

/** `datetime-local` text for a date, in the browser's zone. */
const localInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function CronPreview({ expr, zone }: { expr: string; zone: string }) {
  if (!expr.trim()) return null;
  const every = /^@every\s+(\S+)$/i.exec(expr.trim());
  if (every) return <span className="cron-preview">Every {every[1]}</span>;
  const cron = parseCron(expr);
  if (cron instanceof Error) return <span className="muted">{cron.message}</span>;
  const format = new Intl.DateTimeFormat(undefined, {
    timeZone: cron.zone ?? zone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const runs = nextRuns(cron, zone, 3);
  return (
    <span className="cron-preview">
      <span>{describeCron(cron)}</span>
      {runs.length > 0 && ` · next (${cron.zone ?? zone}): ${runs.map((d) => format.format(d)).join('; ')}`}
    </span>
  );
}

function ScheduleForm(props: {
  projectId: number;
  schedule?: Schedule;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { projectId, schedule } = props;
  const templates = useTemplates(projectId);
  const repositories = useRepositories(projectId);
  const info = useInfo();
  const [name, setName] = useState(schedule?.name ?? '');
  const [templateId, setTemplateId] = useState(schedule ? String(schedule.template_id) : '');
  const [type, setType] = useState<Schedule['type']>(schedule?.type ?? '');
  const [cron, setCron] = useState(schedule?.cron_format ?? '');
  const [runAt, setRunAt] = useState(localInput(schedule?.run_at ?? null));
  const [active, setActive] = useState(schedule?.active ?? true);
  const [onCommit, setOnCommit] = useState(Boolean(schedule?.repository_id));
  const [repositoryId, setRepositoryId] = useState(schedule?.repository_id ? String(schedule.repository_id) : '');
  /** The template's own repository, the one its tasks run: what a new commit usually means. */
  const templateRepository = (id: string) => templates.data?.find((t) => String(t.id) === id)?.repository_id;
  const chooseOnCommit = (on: boolean) => {
    setOnCommit(on);
    if (on && !repositoryId) setRepositoryId(String(templateRepository(templateId) ?? ''));
  };
  const chooseTemplate = (id: string) => {
    if (onCommit && (!repositoryId || repositoryId === String(templateRepository(templateId))))
      setRepositoryId(String(templateRepository(id) ?? ''));
    setTemplateId(id);
  };
  const [deleteAfter, setDeleteAfter] = useState(schedule?.delete_after_run ?? false);
  const taskParams = useStoredTaskParams(templates.data, templateId, schedule);

  const save = async () => {
    const body = {
      name,
      template_id: Number(templateId),
      type,
      cron_format: type === '' ? cron : '',
      repository_id: onCommit ? Number(repositoryId) || null : null,
      run_at: type === 'run_at' && runAt ? new Date(runAt).toISOString() : null,
      delete_after_run: type === 'run_at' && deleteAfter,
      active,
      project_id: projectId,
      task_params: taskParams.params(),
    };
    const path = { project_id: projectId };
    if (schedule) {
      unwrap(
        await api.PUT('/api/project/{project_id}/schedules/{schedule_id}', {
          params: { path: { ...path, schedule_id: schedule.id } },
          body: { ...body, id: schedule.id },
        }),
      );
    } else {
      unwrap(await api.POST('/api/project/{project_id}/schedules', { params: { path }, body }));
    }
    await props.onSaved();
  };

  return (
    <FormDialog
      title={schedule ? `Edit ${schedule.name}` : 'New schedule'}
      known={KNOWN}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Template" error={errors.template_id}>
            {(p) => (
              <select {...p} required value={templateId} onChange={(e) => chooseTemplate(e.target.value)}>
                <option value="">—</option>
                {templates.data?.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Runs" error={errors.type}>
            {(p) => (
              <select {...p} value={type} onChange={(e) => setType(e.target.value as Schedule['type'])}>
                <option value="">Repeatedly (cron)</option>
                <option value="run_at">Once, at a time</option>
              </select>
            )}
          </Field>
          <Check label="Run when the repository has new commits" checked={onCommit} onChange={chooseOnCommit} />
          {onCommit && (
            <Field
              label="Repository"
              error={errors.repository_id}
              hint="Checked when the schedule fires: a task starts only when its branch has a commit not run yet (the first check finds one)."
            >
              {(p) => (
                <select {...p} required value={repositoryId} onChange={(e) => setRepositoryId(e.target.value)}>
                  <option value="">—</option>
                  {repositories.data?.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {type === '' ? (
            <Field
              label="Cron expression"
              error={errors.cron_format ?? errors.Cron}
              hint={<CronPreview expr={cron} zone={info.data?.schedule_timezone ?? 'UTC'} />}
            >
              {(p) => (
                <input
                  {...p}
                  placeholder="0 6 * * 1-5"
                  spellCheck={false}
                  value={cron}
                  onChange={(e) => setCron(e.target.value)}
                />
              )}
            </Field>
          ) : (
            <>
              <Field label="Run at" error={errors.run_at} hint="In your time zone">
                {(p) => (
                  <input
                    {...p}
                    type="datetime-local"
                    required
                    value={runAt}
                    onChange={(e) => setRunAt(e.target.value)}
                  />
                )}
              </Field>
              <Check label="Delete after the run" checked={deleteAfter} onChange={setDeleteAfter} />
            </>
          )}
          <Check label="Active" checked={active} onChange={setActive} error={errors.active} />
          <StoredTaskParams projectId={projectId} state={taskParams} errors={errors} />
        </>
      )}
    </FormDialog>
  );
}
