// The signed-in user's API tokens (/api/user/tokens): listed by their first characters (the API
// keeps only a digest), a new one shown whole this once with a copy button, and expired.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';

type Token = Schemas['ApiToken'];

export function ApiTokens() {
  const queries = useQueryClient();
  const tokens = useQuery({
    queryKey: ['user', 'tokens'],
    queryFn: async () => unwrap(await api.GET('/api/user/tokens')),
  });
  const [created, setCreated] = useState('');
  const [copied, setCopied] = useState('');
  const [error, setError] = useState('');
  const [expiring, setExpiring] = useState<Token | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['user', 'tokens'] });

  const create = async () => {
    setError('');
    setCopied('');
    try {
      setCreated(unwrap(await api.POST('/api/user/tokens')).id);
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser did not allow copying; select the token and copy it.');
    }
  };
  // Active tokens first, newest first within each.
  const list = [...(tokens.data ?? [])].sort(
    (a, b) => Number(a.expired) - Number(b.expired) || b.created.localeCompare(a.created),
  );

  return (
    <>
      <div className="bar">
        <h2>API tokens</h2>
        <button type="button" onClick={create}>
          New token
        </button>
      </div>
      <p className="hint">
        A script sends a token as <code>Authorization: Bearer &lt;token&gt;</code> and acts as you.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div className="card once" role="status">
          <Field label="New API token" hint="Shown this once: copy it now.">
            {(p) => <input {...p} readOnly value={created} onFocus={(e) => e.target.select()} />}
          </Field>
          <button type="button" onClick={copy}>
            Copy
          </button>
          <p aria-live="polite">{copied}</p>
        </div>
      )}
      {tokens.isPending && <p className="loading">Loading…</p>}
      {tokens.isError && <p className="error">{tokens.error.message}</p>}
      {tokens.data?.length === 0 && <p>No tokens yet.</p>}
      {list.length > 0 && (
        <table aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id}>
                <td>
                  <code>{t.id}…</code>
                </td>
                <td>{new Date(t.created).toLocaleString()}</td>
                <td>{t.expired ? 'Expired' : 'Active'}</td>
                <td>
                  {!t.expired && (
                    <button type="button" onClick={() => setExpiring(t)} aria-label={`Expire token ${t.id}`}>
                      Expire
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {expiring && (
        <FormDialog
          title={`Expire token ${expiring.id}…?`}
          known={[]}
          submitLabel="Expire"
          onClose={() => setExpiring(null)}
          onSubmit={async () => {
            unwrap(await api.DELETE('/api/user/tokens/{token_id}', { params: { path: { token_id: expiring.id } } }));
            if (created.startsWith(expiring.id)) setCreated('');
            await refresh();
          }}
        >
          {() => <p>Scripts that use it stop working at once. This cannot be undone.</p>}
        </FormDialog>
      )}
    </>
  );
}
