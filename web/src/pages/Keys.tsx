// The key store. Secrets are write-only: the API never returns them and this page never shows
// them; on an existing key, empty secret fields leave its secret as it is.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { useKeys, usePermissions } from '../api/queries';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';

type Key = Schemas['AccessKey'];
type KeyType = Key['type'];
const TYPES: Record<KeyType, string> = {
  none: 'None',
  ssh: 'SSH key',
  login_password: 'Login and password',
  string: 'Text (a token)',
};
const KNOWN = ['name', 'type', 'ssh', 'login_password', 'string'] as const;

export default function Keys() {
  const projectId = useProjectId();
  const keys = useKeys(projectId);
  const queries = useQueryClient();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const path = { project_id: projectId };
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'keys'] });
  return (
    <ResourcePage
      title="Key Store"
      noun="key"
      items={keys}
      mayEdit={mayEdit}
      columns={[
        ['Name', (k) => k.name],
        ['Type', (k) => TYPES[k.type] ?? k.type],
        ['Secret', (k) => (k.type === 'none' ? '' : k.empty ? 'empty' : 'set (never shown)')],
      ]}
      form={(key, close) => <KeyForm projectId={projectId} keyRow={key} onClose={close} onSaved={refresh} />}
      onDelete={async (k) => {
        unwrap(
          await api.DELETE('/api/project/{project_id}/keys/{key_id}', { params: { path: { ...path, key_id: k.id } } }),
        );
        await refresh();
      }}
    />
  );
}

function KeyForm({
  projectId,
  keyRow,
  onClose,
  onSaved,
}: {
  projectId: number;
  keyRow?: Key;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const [name, setName] = useState(keyRow?.name ?? '');
  const [type, setType] = useState<KeyType>(keyRow?.type ?? 'ssh');
  const [login, setLogin] = useState('');
  const [secret, setSecret] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const existing = keyRow !== undefined;
  const hint = existing ? 'Empty: unchanged' : undefined;

  const save = async () => {
    const touched = login !== '' || secret !== '' || passphrase !== '' || type !== keyRow?.type;
    const body: Schemas['AccessKeyInput'] = {
      name,
      type,
      project_id: projectId,
      override_secret: existing ? touched : undefined,
      ...(type === 'ssh' ? { ssh: { login, passphrase, private_key: secret } } : {}),
      ...(type === 'login_password' ? { login_password: { login, password: secret } } : {}),
      ...(type === 'string' ? { string: secret } : {}),
    };
    if (keyRow) {
      unwrap(
        await api.PUT('/api/project/{project_id}/keys/{key_id}', {
          params: { path: { project_id: projectId, key_id: keyRow.id } },
          body: { ...body, id: keyRow.id },
        }),
      );
    } else {
      unwrap(await api.POST('/api/project/{project_id}/keys', { params: { path: { project_id: projectId } }, body }));
    }
    await onSaved();
  };

  return (
    <FormDialog title={existing ? `Edit ${keyRow.name}` : 'New key'} known={KNOWN} onSubmit={save} onClose={onClose}>
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Type" error={errors.type} hint={existing ? 'Another type needs its secret again' : undefined}>
            {(p) => (
              <select {...p} value={type} onChange={(e) => setType(e.target.value as KeyType)}>
                {Object.entries(TYPES).map(([value, title]) => (
                  <option key={value} value={value}>
                    {title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {(type === 'ssh' || type === 'login_password') && (
            <Field label="Login" error={errors[type]} hint={hint}>
              {(p) => <input {...p} autoComplete="off" value={login} onChange={(e) => setLogin(e.target.value)} />}
            </Field>
          )}
          {type === 'ssh' && (
            <>
              <Field label="Private key" hint={hint}>
                {(p) => (
                  <textarea
                    {...p}
                    rows={5}
                    spellCheck={false}
                    value={secret}
                    onChange={(e) => setSecret(e.target.value)}
                  />
                )}
              </Field>
              <Field label="Passphrase" hint={hint}>
                {(p) => (
                  <input
                    {...p}
                    type="password"
                    autoComplete="new-password"
                    value={passphrase}
                    onChange={(e) => setPassphrase(e.target.value)}
                  />
                )}
              </Field>
            </>
          )}
          {(type === 'login_password' || type === 'string') && (
            <Field label={type === 'string' ? 'Secret text' : 'Password'} error={errors.string} hint={hint}>
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                />
              )}
            </Field>
          )}
        </>
      )}
    </FormDialog>
  );
}
