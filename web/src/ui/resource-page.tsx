// A project's list of one kind of object (keys, repositories, inventories, environments …): a
// table, and for whoever may manage them New, Edit and Delete (absent for the others).
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ConfirmDelete } from './dialog';
import { useTitle } from './title';

interface Props<T extends { id: number; name: string }> {
  title: string;
  /** "key", "repository": in button names ("New key", "Edit deploy key"). */
  noun: string;
  items: UseQueryResult<T[]>;
  columns: Array<[string, (item: T) => ReactNode]>;
  mayEdit: boolean;
  /** The form for a new (undefined) or an existing object; it calls `close` when done. */
  form: (item: T | undefined, close: () => void) => ReactNode;
  onDelete: (item: T) => Promise<void>;
}

export function ResourcePage<T extends { id: number; name: string }>(props: Props<T>) {
  const { title, noun, items, columns, mayEdit } = props;
  useTitle(title);
  const [editing, setEditing] = useState<T | 'new'>();
  const [deleting, setDeleting] = useState<T>();
  const close = () => setEditing(undefined);
  return (
    <section>
      <div className="bar">
        <h1>{title}</h1>
        <span className="spacer" />
        {mayEdit && (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            New {noun}
          </button>
        )}
      </div>
      {items.isPending && <p className="loading">Loading…</p>}
      {items.isError && <p className="error">{items.error.message}</p>}
      {items.data?.length === 0 && <p>None yet.</p>}
      {Boolean(items.data?.length) && (
        <table>
          <thead>
            <tr>
              {columns.map(([name]) => (
                <th scope="col" key={name}>
                  {name}
                </th>
              ))}
              {mayEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.data?.map((item) => (
              <tr key={item.id}>
                {columns.map(([name, cell]) => (
                  <td key={name}>{cell(item)}</td>
                ))}
                {mayEdit && (
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(item)} aria-label={`Edit ${item.name}`}>
                      Edit
                    </button>
                    <button type="button" onClick={() => setDeleting(item)} aria-label={`Delete ${item.name}`}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && props.form(editing === 'new' ? undefined : editing, close)}
      {deleting && (
        <ConfirmDelete
          what={deleting.name}
          onDelete={() => props.onDelete(deleting)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
