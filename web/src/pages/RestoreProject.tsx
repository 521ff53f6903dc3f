// A new project from a backup file (/project/restore): the JSON document that a project's
// *Download backup* gives (Semaphore's backup format), sent to POST /api/projects/restore. Only
// for those who may create projects; the API's refusal of a bad file is shown under the field.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useUser } from '../api/queries';
import { Field } from '../ui/form';
import { useTitle } from '../ui/title';

type Backup = Schemas['ProjectRestore'];

/** Bigger than any backup a browser should send (the API's own body limit decides the rest). */
const MAX_BYTES = 50 * 1024 * 1024;

export default function RestoreProject() {
  useTitle('Restore a project');
  const user = useUser();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const mayCreate = Boolean(user.data?.admin || user.data?.can_create_project);

  if (!mayCreate) {
    return (
      <section>
        <h1>Restore a project</h1>
        <p>Only administrators and users allowed to create projects may restore one.</p>
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError('');
    try {
      if (file.size > MAX_BYTES) throw new Error('This file is too big to be a project backup.');
      let doc: Backup;
      try {
        doc = JSON.parse(await file.text()) as Backup;
      } catch {
        throw new Error('This file is not a project backup: it is not JSON.');
      }
      const project = unwrap(await api.POST('/api/projects/restore', { body: doc }));
      await queries.invalidateQueries({ queryKey: ['projects'] });
      navigate(`/project/${project.id}/history`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Restore a project</h1>
      <form onSubmit={submit} className="card">
        <p>
          A new project from a backup file (a project's <em>Settings</em> → <em>Download backup</em>). Keys come back
          without their secrets: set them again in the new project.
        </p>
        <Field label="Backup file" error={error}>
          {(p) => (
            <input
              {...p}
              type="file"
              accept="application/json,.json"
              required
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setError('');
              }}
            />
          )}
        </Field>
        <button type="submit" disabled={busy || !file}>
          Restore
        </button>
      </form>
    </section>
  );
}
