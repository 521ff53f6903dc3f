// The second step of a sign-in while TOTP is on and the user enrolled an authenticator: the
// 6-digit code (POST /api/auth/verify) or, where the server allows it, the one-use recovery code
// (POST /api/auth/recovery). The API's refusal is shown beside the field, in words.
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { Field } from '../ui/form';

/** The API's error words (upstream's) as a person reads them. */
function explain(err: unknown, recovery: boolean): string {
  if (!(err instanceof Error)) return String(err);
  if (err instanceof ApiError && err.status === 429)
    return `Too many wrong codes; wait a while and try again. (${err.message})`;
  switch (err.message) {
    case 'INVALID_PASSCODE':
      return 'That code is wrong or was used already; enter the code your authenticator app shows now.';
    case 'INVALID_RECOVERY_CODE':
      return 'That recovery code is wrong or was used already.';
    case 'TOTP_DISABLED':
      return recovery
        ? 'Recovery codes are not accepted on this server; ask an administrator to remove your authenticator.'
        : 'Two-factor sign-in is off on this server; sign in again.';
    default:
      return err instanceof ApiError && err.status === 401 && !/\s/.test(err.message)
        ? `${err.message}: sign in again.`
        : err.message;
  }
}

export function SecondFactor(props: { allowRecovery: boolean; onVerified: () => Promise<void>; onCancel: () => void }) {
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const value = code.trim();
      if (recovery) unwrap(await api.POST('/api/auth/recovery', { body: { recovery_code: value } }));
      else unwrap(await api.POST('/api/auth/verify', { body: { passcode: value.replace(/\s+/g, '') } }));
      await props.onVerified();
    } catch (err) {
      setError(explain(err, recovery));
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (useRecovery: boolean) => {
    setRecovery(useRecovery);
    setCode('');
    setError('');
  };

  return (
    <form onSubmit={submit} aria-labelledby="second-factor-title" className="card">
      <h1 id="second-factor-title">Two-factor sign-in</h1>
      <p>
        {recovery
          ? 'Enter the recovery code you were given when you set up your authenticator. It works once and removes the authenticator; set it up again afterwards.'
          : 'Enter the 6-digit code your authenticator app shows for Signalman.'}
      </p>
      {recovery ? (
        <Field key="recovery" label="Recovery code" error={error}>
          {(p) => (
            <input
              {...p}
              name="recovery_code"
              autoComplete="off"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field key="passcode" label="Authentication code" error={error}>
          {(p) => (
            <input
              {...p}
              name="passcode"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\s*[0-9]{3}\s*[0-9]{3}\s*"
              title="6 digits"
              maxLength={8}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
      )}
      <div className="actions">
        {props.allowRecovery && (
          <button type="button" onClick={() => switchTo(!recovery)}>
            {recovery ? 'Use the authenticator code' : 'Use a recovery code'}
          </button>
        )}
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={busy}>
          Verify
        </button>
      </div>
    </form>
  );
}
