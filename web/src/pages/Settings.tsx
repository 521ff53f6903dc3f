// The project's settings (name, alerts, parallel tasks) for whoever may update the project, the
// backup download for every member (the API leaves secrets out), and deleting the project.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, Permission, type Project, unwrap } from '../api/client';
import { usePermissions, useProject } from '../api/queries';
import { ConfirmDelete } from '../ui/dialog';
import { Check, Field, type FieldErrors, FormError, fieldErrors } from '../ui/form';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';

export default function Settings() {
  useTitle('Settings');
  const projectId = useProjectId();
  const project = useProject(projectId);
  const mayUpdate = (usePermissions(projectId) & Permission.updateProject) !== 0;
  const [downloadError, setDownloadError] = useState('');

  const backup = async () => {
    setDownloadError('');
    try {
      const doc = unwrap(
        await api.GET('/api/project/{project_id}/backup', { params: { path: { project_id: projectId } } }),
      );
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${(project.data?.name ?? 'project').replace(/[^\w.-]+/g, '-')}-backup.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setDownloadError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section>
      <h1>Settings</h1>
      {project.data && mayUpdate && <SettingsForm key={project.data.id} project={project.data} />}
      <h2>Backup</h2>
      <p className="muted">
        The project's objects as a JSON document that a new project can be restored from. Secrets are not in it.
      </p>
      <button type="button" onClick={backup}>
        Download backup
      </button>
      {downloadError && (
        <p className="error" role="alert">
          {downloadError}
        </p>
      )}
    </section>
  );
}

function SettingsForm({ project }: { project: Project }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(project.name);
  const [alert, setAlert] = useState(project.alert);
  const [alertChat, setAlertChat] = useState(project.alert_chat ?? '');
  const [parallel, setParallel] = useState(String(project.max_parallel_tasks));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState('');
  const [deleting, setDeleting] = useState(false);
  const path = { project_id: project.id };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setSaved('');
    try {
      unwrap(
        await api.PUT('/api/project/{project_id}', {
          params: { path },
          body: { name, alert, alert_chat: alertChat || null, max_parallel_tasks: Number(parallel) },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['project', project.id] });
      await queries.invalidateQueries({ queryKey: ['projects'] });
      setSaved('Saved.');
    } catch (err) {
      setErrors(fieldErrors(err, ['name', 'alert', 'alert_chat', 'max_parallel_tasks']));
    }
  };

  return (
    <form onSubmit={submit} className="form card">
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Check label="Alerts" checked={alert} onChange={setAlert} error={errors.alert} />
      <Field label="Chat for alerts" error={errors.alert_chat} hint="A chat id of the alert channels the server has">
        {(p) => <input {...p} value={alertChat} onChange={(e) => setAlertChat(e.target.value)} />}
      </Field>
      <Field label="Parallel tasks at most" error={errors.max_parallel_tasks} hint="0: no limit">
        {(p) => <input {...p} type="number" min={0} value={parallel} onChange={(e) => setParallel(e.target.value)} />}
      </Field>
      <FormError errors={errors} />
      <p className="muted" aria-live="polite">
        {saved}
      </p>
      <div className="actions">
        <button type="button" onClick={() => setDeleting(true)}>
          Delete the project
        </button>
        <button type="submit">Save</button>
      </div>
      {deleting && (
        <ConfirmDelete
          what={project.name}
          onClose={() => setDeleting(false)}
          onDelete={async () => {
            unwrap(await api.DELETE('/api/project/{project_id}', { params: { path } }));
            queries.removeQueries({ queryKey: ['project', project.id] });
            await queries.invalidateQueries({ queryKey: ['projects'] });
            navigate('/');
          }}
        />
      )}
    </form>
  );
}
