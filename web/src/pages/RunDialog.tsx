// The run dialog: only what the template lets a task change (its allow_* flags and task_params),
// its survey variables (secret ones sent as `secret`, never stored), the app's own switches
// (ansible: debug, dry run, diff; Terraform: plan only, destroy, auto approve …) and, for members
// who may edit the template, extra variables (task-fields.tsx). The API checks all of it again;
// its refusals are shown beside the field they name.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, Permission, type Template, unwrap } from '../api/client';
import { usePermissions } from '../api/queries';
import { type FieldErrors, FormError, fieldErrors } from '../ui/form';
import { TaskFields } from './task-fields';
import { initialTaskInput, TASK_FIELDS, taskBodyOf } from './task-input';

export function RunDialog({
  projectId,
  template,
  onClose,
}: {
  projectId: number;
  template: Template;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const queries = useQueryClient();
  // The API's rule for variables that are not survey ones: admins and roles that may manage resources.
  const mayEditTemplate = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const [input, setInput] = useState(() => initialTaskInput(template));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const body = taskBodyOf(template, input, { withExtra: mayEditTemplate, withSecrets: true });
      const task = unwrap(
        await api.POST('/api/project/{project_id}/tasks', {
          params: { path: { project_id: projectId } },
          body: { ...body, template_id: template.id },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'tasks'] });
      dialog.current?.close();
      navigate(`/project/${projectId}/history?t=${task.id}`);
    } catch (err) {
      setErrors(fieldErrors(err, TASK_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="run-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="run-title">Run {template.name}</h2>
        <TaskFields
          projectId={projectId}
          template={template}
          input={input}
          onChange={setInput}
          errors={errors}
          withExtra={mayEditTemplate}
          withSecrets
        />
        <FormError errors={errors} />
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Run
          </button>
        </div>
      </form>
    </dialog>
  );
}
