// Administration: the apps templates run (built-in ones and custom ones), switched on and off,
// their executable and arguments set; a custom app is added by its id.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { useApps } from '../../api/queries';
import { FormDialog } from '../../ui/dialog';
import { Check, Field, linesOf } from '../../ui/form';
import { useTitle } from '../../ui/title';
import { AdminOnly } from './AdminOnly';

type App = Schemas['App'];

export default function Apps() {
  useTitle('Apps');
  const apps = useApps();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<App | 'new'>();
  const refresh = () => queries.invalidateQueries({ queryKey: ['apps'] });
  const toggle = async (a: App) => {
    unwrap(
      await api.POST('/api/apps/{app_id}/active', { params: { path: { app_id: a.id } }, body: { active: !a.active } }),
    );
    await refresh();
  };
  return (
    <AdminOnly>
      <section>
        <div className="bar">
          <h1>Apps</h1>
          <span className="spacer" />
          <button type="button" className="button" onClick={() => setEditing('new')}>
            New app
          </button>
        </div>
        <table>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Title</th>
              <th scope="col">Executable</th>
              <th scope="col">Active</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {apps.data?.map((a) => (
              <tr key={a.id}>
                <td>{a.id}</td>
                <td>{a.title}</td>
                <td>
                  <code>{[a.path, ...a.args].join(' ')}</code>
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={a.active}
                    onChange={() => toggle(a)}
                    aria-label={`${a.title || a.id} active`}
                  />
                </td>
                <td>
                  <button type="button" onClick={() => setEditing(a)} aria-label={`Edit ${a.title || a.id}`}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && (
          <AppForm
            app={editing === 'new' ? undefined : editing}
            onClose={() => setEditing(undefined)}
            onSaved={refresh}
          />
        )}
      </section>
    </AdminOnly>
  );
}

function AppForm({ app, onClose, onSaved }: { app?: App; onClose: () => void; onSaved: () => Promise<void> }) {
  const [id, setId] = useState(app?.id ?? '');
  const [title, setTitle] = useState(app?.title ?? '');
  const [path, setPath] = useState(app?.path ?? '');
  const [args, setArgs] = useState((app?.args ?? []).join('\n'));
  const [active, setActive] = useState(app?.active ?? true);
  const save = async () => {
    unwrap(
      await api.PUT('/api/apps/{app_id}', {
        params: { path: { app_id: id } },
        body: { title, path, args: linesOf(args), active },
      }),
    );
    await onSaved();
  };
  return (
    <FormDialog
      title={app ? `Edit ${app.title || app.id}` : 'New app'}
      known={['app_id', 'id', 'title', 'path', 'args']}
      onSubmit={save}
      onClose={onClose}
    >
      {(errors) => (
        <>
          <Field label="Id" error={errors.app_id ?? errors.id} hint="Letters, digits and _">
            {(p) => (
              <input {...p} required readOnly={Boolean(app)} value={id} onChange={(e) => setId(e.target.value)} />
            )}
          </Field>
          <Field label="Title" error={errors.title}>
            {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label="Executable" error={errors.path}>
            {(p) => <input {...p} value={path} onChange={(e) => setPath(e.target.value)} />}
          </Field>
          <Field label="Arguments before the script" error={errors.args} hint="One per line">
            {(p) => <textarea {...p} rows={2} value={args} onChange={(e) => setArgs(e.target.value)} />}
          </Field>
          <Check label="Active" checked={active} onChange={setActive} />
        </>
      )}
    </FormDialog>
  );
}
