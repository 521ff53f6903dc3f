// The sign-in page: the server's OpenID Connect providers as buttons, the password form unless
// the server disabled it, the reason a provider's sign-in failed (`?error=`, as the API's OIDC
// callback sends it), and the second step (a TOTP or recovery code) of a session that awaits it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { userQuery } from '../api/queries';
import { useTitle } from '../ui/title';
import { SecondFactor } from './SecondFactor';

/** Only a path of this site: `next` must not send the user elsewhere after signing in. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Whether this browser's session is signed in but awaits its second factor (GET /api/user says TOTP_REQUIRED). */
async function awaitsSecondFactor(): Promise<boolean> {
  const result = await api.GET('/api/user');
  return result.response.status === 401 && (result.error as { error?: string } | undefined)?.error === 'TOTP_REQUIRED';
}

/** The OIDC callback's reason as plain text (React never renders it as HTML), kept short. */
function signInError(raw: string | null): string {
  if (!raw) return '';
  const text = raw.replace(/\s+/g, ' ').trim().slice(0, 300);
  return text ? `Sign-in through the identity provider failed: ${text}` : '';
}

export function Login() {
  useTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const next = safeNext(params.get('next'));
  const options = useQuery({
    queryKey: ['login-options'],
    queryFn: async () => unwrap(await api.GET('/api/auth/login')),
  });
  const pending = useQuery({ queryKey: ['login-pending'], queryFn: awaitsSecondFactor, staleTime: 0, gcTime: 0 });
  const [secondStep, setSecondStep] = useState(false);
  const [auth, setAuth] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  // Back from a provider with a session that awaits its code: ask for it.
  useEffect(() => {
    if (pending.data) setSecondStep(true);
  }, [pending.data]);

  const signedIn = async () => {
    await queries.invalidateQueries({ queryKey: userQuery.queryKey });
    await queries.fetchQuery(userQuery);
    navigate(next, { replace: true });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      unwrap(await api.POST('/api/auth/login', { body: { auth, password } }));
      if (await awaitsSecondFactor()) setSecondStep(true);
      else await signedIn();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const startOver = async () => {
    await api.POST('/api/auth/logout');
    setSecondStep(false);
    setPassword('');
  };

  if (secondStep) {
    return (
      <main className="login">
        <SecondFactor
          allowRecovery={options.data?.auth_methods.totp?.allow_recovery ?? false}
          onVerified={signedIn}
          onCancel={startOver}
        />
      </main>
    );
  }

  const providers = options.data?.oidc_providers ?? [];
  // Without the options (the server could not say), the password form is still offered.
  const showPassword = options.isError || (options.isSuccess && options.data.login_with_password);
  const providerError = signInError(params.get('error'));
  return (
    <main className="login">
      <div className="card">
        <h1 id="login-title">Sign in to Signalman</h1>
        {providerError && (
          <p className="error" role="alert">
            {providerError}
          </p>
        )}
        {options.isError && <p className="error">{options.error.message}</p>}
        {providers.length > 0 && (
          <nav className="oidc-buttons" aria-label="Identity providers">
            {providers.map((p) => (
              <a
                key={p.id}
                className="button oidc-button"
                href={`/api/auth/oidc/${encodeURIComponent(p.id)}/login?redirect=${encodeURIComponent(next)}`}
                style={p.color ? { borderLeftColor: p.color } : undefined}
              >
                Sign in with {p.name}
              </a>
            ))}
          </nav>
        )}
        {showPassword && providers.length > 0 && <p className="or">or</p>}
        {showPassword && (
          <form onSubmit={submit} aria-labelledby="login-title">
            <label>
              Username or e-mail
              <input
                name="auth"
                autoComplete="username"
                required
                value={auth}
                onChange={(e) => setAuth(e.target.value)}
              />
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
        )}
        {options.isSuccess && !showPassword && providers.length === 0 && (
          <p>Password sign-in is disabled on this server and no identity provider is set up.</p>
        )}
      </div>
    </main>
  );
}
