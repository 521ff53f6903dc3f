// Modal dialogs (the native <dialog>: focus kept inside, Escape closes): a form whose submit
// awaits the API and shows its refusals beside the fields, and a confirmation before deleting.
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { type FieldErrors, FormError, fieldErrors } from './form';

interface FormDialogProps {
  title: string;
  /** The fields whose API errors the form shows beside them. */
  known: readonly string[];
  submitLabel?: string;
  /** Saves; a thrown ApiError's fields go to `children`'s errors. */
  onSubmit: () => Promise<void>;
  onClose: () => void;
  children: (errors: FieldErrors) => ReactNode;
}

export function FormDialog({ title, known, submitLabel = 'Save', onSubmit, onClose, children }: FormDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => ref.current?.showModal(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await onSubmit();
      ref.current?.close();
    } catch (err) {
      setErrors(fieldErrors(err, known));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children(errors)}
        <FormError errors={errors} />
        <div className="actions">
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** "Delete <what>?": the API's refusal (an object still in use) is shown in the dialog. */
export function ConfirmDelete({
  what,
  onDelete,
  onClose,
}: {
  what: string;
  onDelete: () => Promise<void>;
  onClose: () => void;
}) {
  return (
    <FormDialog title={`Delete ${what}?`} known={[]} submitLabel="Delete" onSubmit={onDelete} onClose={onClose}>
      {() => <p>This cannot be undone.</p>}
    </FormDialog>
  );
}
