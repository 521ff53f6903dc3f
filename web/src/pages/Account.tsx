// The signed-in user's own account (/account): their API tokens, and their authenticator app for
// two-factor sign-in (enrolled and removed through /api/users/{id}/2fas/totp, which only the user
// themself may enrol). An authenticator's secret is shown once, when it is set up.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type CurrentUser, type Schemas, unwrap } from '../api/client';
import { useInfo, userQuery, useUser } from '../api/queries';
import { ConfirmDelete } from '../ui/dialog';
import { Field } from '../ui/form';
import { useTitle } from '../ui/title';
import { ApiTokens } from './AccountTokens';

export default function Account() {
  useTitle('Account');
  const user = useUser();
  return (
    <section className="account">
      <h1>Account</h1>
      {user.data && (
        <p>
          Signed in as <strong>{user.data.username}</strong>
          {user.data.email ? ` (${user.data.email})` : ''}.
        </p>
      )}
      <ApiTokens />
      {user.data && <TwoFactor user={user.data} />}
    </section>
  );
}

type Enrolment = Schemas['UserTotpEnrolment'];

function TwoFactor({ user }: { user: CurrentUser }) {
  const info = useInfo();
  const queries = useQueryClient();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState('');
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  const offered = Boolean(info.data?.auth_methods?.totp);
  if (!offered && !user.totp) return null; // TOTP is off on this server and there is nothing to remove

  const refresh = () => queries.invalidateQueries({ queryKey: userQuery.queryKey });
  const enrol = async () => {
    setBusy(true);
    setError('');
    try {
      setEnrolment(
        unwrap(await api.POST('/api/users/{user_id}/2fas/totp', { params: { path: { user_id: user.id } } })),
      );
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const secret = enrolment ? (new URL(enrolment.url).searchParams.get('secret') ?? '') : '';

  return (
    <>
      <h2>Two-factor sign-in</h2>
      {enrolment && (
        <div className="card once" role="status">
          <p>
            Your authenticator is set up. Scan this QR code with your authenticator app (or enter the key by hand); from
            now on, signing in asks for its code. The key and the recovery code are shown this once.
          </p>
          <img
            className="qr"
            src={`/api/users/${user.id}/2fas/totp/${enrolment.id}/qr`}
            alt="QR code of the authenticator key"
            width={200}
            height={200}
          />
          <Field label="Authenticator key">{(p) => <input {...p} readOnly value={secret} />}</Field>
          {enrolment.recovery_code && (
            <Field label="Recovery code" hint="Keep it safe: it signs you in once if you lose your device.">
              {(p) => <input {...p} readOnly value={enrolment.recovery_code} />}
            </Field>
          )}
        </div>
      )}
      {user.totp ? (
        <>
          <p>
            An authenticator app is set up (since {new Date(user.totp.created).toLocaleString()})
            {offered ? '; signing in asks for its code.' : ', but two-factor sign-in is off on this server.'}
          </p>
          <button type="button" onClick={() => setRemoving(true)}>
            Turn off two-factor sign-in
          </button>
        </>
      ) : (
        <>
          <p>Signing in asks only for your password. An authenticator app adds a code that changes every 30 seconds.</p>
          <button type="button" onClick={enrol} disabled={busy}>
            Set up an authenticator app
          </button>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {removing && user.totp && (
        <ConfirmDelete
          what="your authenticator"
          onClose={() => setRemoving(false)}
          onDelete={async () => {
            const totp = user.totp as NonNullable<CurrentUser['totp']>;
            unwrap(
              await api.DELETE('/api/users/{user_id}/2fas/totp/{totp_id}', {
                params: { path: { user_id: user.id, totp_id: totp.id } },
              }),
            );
            setEnrolment(null);
            await refresh();
          }}
        />
      )}
    </>
  );
}
