// A schedule's or an integration's `task_params`: the same fields a run may change (task-fields.tsx)
// for the chosen template, kept per template while the form is open, and stored without secret
// survey values (secrets are stored nowhere). The API applies them, through the same gate as a run,
// when the schedule fires or the integration is called; what the template does not allow then
// starts no task and the project's activity log says why.
import { useState } from 'react';
import type { Template } from '../api/client';
import type { FieldErrors } from '../ui/form';
import { TaskFields } from './task-fields';
import { initialTaskInput, storedParams, TASK_FIELDS, type TaskInput, taskBodyOf } from './task-input';

export const STORED_PARAMS_FIELDS = ['task_params', ...TASK_FIELDS.map((f) => `task_params.${f}`)];

/** The state of the fieldset, and `params()` to read what to store for the template chosen now. */
export function useStoredTaskParams(
  templates: Template[] | undefined,
  templateId: string,
  saved?: { template_id: number; task_params: Record<string, unknown> },
) {
  const [inputs, setInputs] = useState<Record<string, TaskInput>>({});
  const template = templates?.find((t) => String(t.id) === templateId);
  const input =
    inputs[templateId] ??
    (template
      ? initialTaskInput(template, saved && String(saved.template_id) === templateId ? saved.task_params : {})
      : undefined);
  return {
    template,
    input,
    setInput: (next: TaskInput) => setInputs((all) => ({ ...all, [templateId]: next })),
    /** What to store (the saved params as they were while the template is unknown). */
    params: (): Record<string, unknown> =>
      template && input
        ? storedParams(taskBodyOf(template, input, { withExtra: true, withSecrets: false }))
        : (saved?.task_params ?? {}),
  };
}

export function StoredTaskParams({
  projectId,
  state,
  errors,
}: {
  projectId: number;
  state: ReturnType<typeof useStoredTaskParams>;
  errors: FieldErrors;
}) {
  if (!state.template || !state.input) return null;
  return (
    <fieldset className="task-params">
      <legend>Task parameters</legend>
      <TaskFields
        projectId={projectId}
        template={state.template}
        input={state.input}
        onChange={state.setInput}
        errors={errors}
        withExtra
        withSecrets={false}
        prefix="task_params."
      />
      {errors.task_params && (
        <p className="field-error" role="alert">
          {errors.task_params}
        </p>
      )}
    </fieldset>
  );
}
