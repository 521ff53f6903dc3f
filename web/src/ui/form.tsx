// Form pieces shared by the UI's dialogs and pages: labelled fields whose error (from the API,
// which names the field: "limit: the template does not allow …") is shown beside them.
import { type ReactNode, useId } from 'react';
import { ApiError } from '../api/client';

/** Errors by field (the API's `field: why` parts, `a; b` joined); what names no known field goes under ''. */
export type FieldErrors = Record<string, string>;

/** Splits an API error into the fields it names; `known` are the fields the form shows. */
export function fieldErrors(error: unknown, known: readonly string[]): FieldErrors {
  const text = error instanceof Error ? error.message : String(error);
  const out: FieldErrors = {};
  const add = (field: string, why: string) => {
    out[field] = out[field] ? `${out[field]}; ${why}` : why;
  };
  if (!(error instanceof ApiError) || error.status !== 400) {
    add('', text);
    return out;
  }
  for (const part of text.split('; ')) {
    const m = /^([\w.]+): (.*)$/s.exec(part);
    // The longest known field the path starts with: "vaults.0.script" goes to "vaults.0.script" or "vaults".
    const field = m
      ? known.filter((k) => m[1] === k || m[1].startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0]
      : undefined;
    if (m && field !== undefined) add(field, m[2]);
    else add('', part);
  }
  return out;
}

/** The error under '' (what names no field), shown at the top or bottom of a form. */
export function FormError({ errors }: { errors: FieldErrors }) {
  return (
    <p className="error" role="alert">
      {errors[''] ?? ''}
    </p>
  );
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its hint and its error beside it (`aria-describedby`, `aria-invalid`). */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** A checkbox with its label after it, and its error. */
export function Check({
  label,
  checked,
  onChange,
  error,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** Text lines to a list (empty lines dropped), and back. */
export const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
