import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useTitle } from '../ui/title';

export function NewProject() {
  useTitle('New project');
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const project = unwrap(await api.POST('/api/projects', { body: { name } }));
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
      <h1>New project</h1>
      <form onSubmit={submit} className="card">
        <label>
          Name
          <input
            name="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby="name-error"
          />
        </label>
        <p id="name-error" className="error" role="alert">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          Create
        </button>
      </form>
    </section>
  );
}
