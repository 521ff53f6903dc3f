import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { userQuery } from '../api/queries';
import { useTitle } from '../ui/title';

/** Only a path of this site: `next` must not send the user elsewhere after signing in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function Login() {
  useTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [auth, setAuth] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      unwrap(await api.POST('/api/auth/login', { body: { auth, password } }));
      await queries.invalidateQueries({ queryKey: userQuery.queryKey });
      await queries.fetchQuery(userQuery);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title" className="card">
        <h1 id="login-title">Sign in to Signalman</h1>
        <label>
          Username or e-mail
          <input name="auth" autoComplete="username" required value={auth} onChange={(e) => setAuth(e.target.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p className="error" role="alert">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
