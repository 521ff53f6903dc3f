// Administration: the accounts. A password is write-only: on an existing user an empty field
// leaves it as it is.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../ui/dialog';
import { Check, Field } from '../../ui/form';
import { ResourcePage } from '../../ui/resource-page';
import { AdminOnly } from './AdminOnly';

type User = Schemas['User'];

export default function Users() {
  const queries = useQueryClient();
  const users = useQuery({
    queryKey: ['users', 'admin'],
    queryFn: async () => unwrap(await api.GET('/api/users')) as User[],
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['users'] });
  return (
    <AdminOnly>
      <ResourcePage
        title="Users"
        noun="user"
        items={users}
        mayEdit
        columns={[
          ['Username', (u) => u.username],
          ['Name', (u) => u.name],
          ['E-mail', (u) => u.email],
          ['Admin', (u) => (u.admin ? 'Yes' : '')],
        ]}
        form={(u, close) => <UserForm user={u} onClose={close} onSaved={refresh} />}
        onDelete={async (u) => {
          unwrap(await api.DELETE('/api/users/{user_id}', { params: { path: { user_id: u.id } } }));
          await refresh();
        }}
      />
    </AdminOnly>
  );
}

function UserForm({ user, onClose, onSaved }: { user?: User; onClose: () => void; onSaved: () => Promise<void> }) {
  const [username, setUsername] = useState(user?.username ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [admin, setAdmin] = useState(user?.admin ?? false);
  const save = async () => {
    if (user) {
      const path = { user_id: user.id };
      unwrap(
        await api.PUT('/api/users/{user_id}', {
          params: { path },
          body: { id: user.id, username, name, email, admin },
        }),
      );
      if (password) unwrap(await api.POST('/api/users/{user_id}/password', { params: { path }, body: { password } }));
    } else {
      unwrap(
        await api.POST('/api/users', { body: { username, name, email, admin, ...(password ? { password } : {}) } }),
      );
    }
    await onSaved();
  };
  return (
    <FormDialog
      title={user ? `Edit ${user.name}` : 'New user'}
      known={['username', 'name', 'email', 'password', 'admin']}
      onSubmit={save}
      onClose={onClose}
    >
      {(errors) => (
        <>
          <Field label="Username" error={errors.username}>
            {(p) => (
              <input
                {...p}
                required
                autoComplete="off"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            )}
          </Field>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="E-mail" error={errors.email}>
            {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label="Password" error={errors.password} hint={user ? 'Empty: unchanged' : undefined}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <Check label="Administrator" checked={admin} onChange={setAdmin} error={errors.admin} />
        </>
      )}
    </FormDialog>
  );
}
