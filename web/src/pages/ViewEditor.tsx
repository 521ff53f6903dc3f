// The view editor on the templates page, for roles that may manage the project's resources (the
// API's rule for /views): new views, each renamed, moved up or down (POST /views/positions with
// every view's new place) or deleted (its templates stay, under "All"). Refusals beside the field.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { useViews } from '../api/queries';
import { ConfirmDelete } from '../ui/dialog';
import { Field, type FieldErrors, FormError, fieldErrors } from '../ui/form';

type View = Schemas['View'];

export default function ViewEditor({ projectId, onDone }: { projectId: number; onDone: () => void }) {
  const views = useViews(projectId);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const shownView = Number(useParams().viewId ?? 0);
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [deleting, setDeleting] = useState<View>();
  const project = { project_id: projectId };
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'views'] });

  const attempt = async (what: () => Promise<unknown>) => {
    setErrors({});
    try {
      await what();
      await refresh();
      return true;
    } catch (err) {
      setErrors(fieldErrors(err, []));
      return false;
    }
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      const position = views.data?.length ?? 0;
      unwrap(
        await api.POST('/api/project/{project_id}/views', { params: { path: project }, body: { title, position } }),
      );
      setTitle('');
      await refresh();
    } catch (err) {
      setErrors(fieldErrors(err, ['title']));
    }
  };
  const move = (index: number, by: -1 | 1) =>
    attempt(async () => {
      const order = [...(views.data ?? [])];
      const [view] = order.splice(index, 1);
      order.splice(index + by, 0, view);
      const body = Object.fromEntries(order.map((v, position) => [String(v.id), position]));
      unwrap(await api.POST('/api/project/{project_id}/views/positions', { params: { path: project }, body }));
    });
  const remove = async (view: View) => {
    unwrap(
      await api.DELETE('/api/project/{project_id}/views/{view_id}', {
        params: { path: { ...project, view_id: view.id } },
      }),
    );
    await refresh();
    await queries.invalidateQueries({ queryKey: ['project', projectId, 'templates'] });
    if (shownView === view.id) navigate(`/project/${projectId}/templates`);
  };

  const list = views.data ?? [];
  return (
    <section className="view-editor" aria-labelledby="view-editor-title">
      <div className="bar">
        <h2 id="view-editor-title">Views</h2>
        <span className="spacer" />
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      {list.length === 0 && <p className="muted">No views yet: every template is under "All".</p>}
      <ol className="views">
        {list.map((v, i) => (
          <ViewRow
            key={`${v.id}-${v.title}`}
            view={v}
            first={i === 0}
            last={i === list.length - 1}
            onRename={async (newTitle) => {
              unwrap(
                await api.PUT('/api/project/{project_id}/views/{view_id}', {
                  params: { path: { ...project, view_id: v.id } },
                  body: { id: v.id, project_id: projectId, title: newTitle, position: v.position },
                }),
              );
              await refresh();
            }}
            onMove={(by) => move(i, by)}
            onDelete={() => setDeleting(v)}
          />
        ))}
      </ol>
      <form className="bar" onSubmit={add}>
        <Field label="New view" error={errors.title}>
          {(p) => <input {...p} required maxLength={255} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <button type="submit">Add view</button>
      </form>
      <FormError errors={errors} />
      {deleting && (
        <ConfirmDelete what={deleting.title} onDelete={() => remove(deleting)} onClose={() => setDeleting(undefined)} />
      )}
    </section>
  );
}

function ViewRow(props: {
  view: View;
  first: boolean;
  last: boolean;
  /** Throws the API's refusal, shown beside the title. */
  onRename: (title: string) => Promise<void>;
  onMove: (by: -1 | 1) => Promise<boolean>;
  onDelete: () => void;
}) {
  const { view } = props;
  const [title, setTitle] = useState(view.title);
  const [error, setError] = useState('');
  const errorId = `view-${view.id}-error`;
  const rename = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      await props.onRename(title);
    } catch (err) {
      const why = fieldErrors(err, ['title']);
      setError(why.title ?? why[''] ?? '');
    }
  };
  return (
    <li>
      <form className="row-actions" onSubmit={rename}>
        <input
          aria-label={`Title of ${view.title}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          required
          maxLength={255}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" disabled={title === view.title} aria-label={`Rename ${view.title}`}>
          Rename
        </button>
        <button
          type="button"
          disabled={props.first}
          onClick={() => props.onMove(-1)}
          aria-label={`Move ${view.title} up`}
        >
          Up
        </button>
        <button
          type="button"
          disabled={props.last}
          onClick={() => props.onMove(1)}
          aria-label={`Move ${view.title} down`}
        >
          Down
        </button>
        <button type="button" onClick={props.onDelete} aria-label={`Delete ${view.title}`}>
          Delete
        </button>
      </form>
      {error && (
        <small id={errorId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </li>
  );
}
