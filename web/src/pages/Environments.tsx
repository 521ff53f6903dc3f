// The project's environments (variable groups): extra variables, environment variables, and
// secrets. Secrets are write-only: their names are listed, their values never; a secret's empty
// field leaves it as it is, and the vault password likewise.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { useEnvironments, usePermissions } from '../api/queries';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';

type Environment = Schemas['Environment'];
type SecretInput = NonNullable<Schemas['EnvironmentInput']['secrets']>[number];
interface SecretRow {
  id?: number;
  type: 'var' | 'env';
  name: string;
  value: string;
  removed: boolean;
}
const KNOWN = ['name', 'json', 'env', 'password', 'secrets'] as const;

export default function Environments() {
  const projectId = useProjectId();
  const environments = useEnvironments(projectId);
  const queries = useQueryClient();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'environment'] });
  return (
    <ResourcePage
      title="Environment"
      noun="environment"
      items={environments}
      mayEdit={mayEdit}
      columns={[
        ['Name', (e) => e.name],
        ['Secrets', (e) => e.secrets.map((s) => s.name).join(', ')],
      ]}
      form={(env, close) => <EnvironmentForm projectId={projectId} env={env} onClose={close} onSaved={refresh} />}
      onDelete={async (e) => {
        unwrap(
          await api.DELETE('/api/project/{project_id}/environment/{environment_id}', {
            params: { path: { project_id: projectId, environment_id: e.id } },
          }),
        );
        await refresh();
      }}
    />
  );
}

function EnvironmentForm(props: {
  projectId: number;
  env?: Environment;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { projectId, env } = props;
  const [name, setName] = useState(env?.name ?? '');
  const [json, setJson] = useState(env?.json || '{}');
  const [envVars, setEnvVars] = useState(env?.env || '{}');
  const [password, setPassword] = useState('');
  const [secrets, setSecrets] = useState<SecretRow[]>(
    (env?.secrets ?? []).map((s) => ({ id: s.id, type: s.type, name: s.name, value: '', removed: false })),
  );
  const setSecret = (i: number, patch: Partial<SecretRow>) =>
    setSecrets((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  const save = async () => {
    const changes: SecretInput[] = [];
    for (const s of secrets) {
      if (s.id === undefined) {
        if (!s.removed && s.name) changes.push({ type: s.type, name: s.name, secret: s.value, operation: 'create' });
      } else if (s.removed) changes.push({ id: s.id, type: s.type, name: s.name, secret: '', operation: 'delete' });
      else if (s.value) changes.push({ id: s.id, type: s.type, name: s.name, secret: s.value, operation: 'update' });
    }
    const body = {
      name,
      json,
      env: envVars,
      project_id: projectId,
      secrets: changes,
      ...(password ? { password } : {}),
    };
    const path = { project_id: projectId };
    if (env) {
      unwrap(
        await api.PUT('/api/project/{project_id}/environment/{environment_id}', {
          params: { path: { ...path, environment_id: env.id } },
          body: { ...body, id: env.id },
        }),
      );
    } else {
      unwrap(await api.POST('/api/project/{project_id}/environment', { params: { path }, body }));
    }
    await props.onSaved();
  };

  return (
    <FormDialog
      title={env ? `Edit ${env.name}` : 'New environment'}
      known={KNOWN}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Extra variables" error={errors.json} hint="A JSON object">
            {(p) => (
              <textarea {...p} rows={4} spellCheck={false} value={json} onChange={(e) => setJson(e.target.value)} />
            )}
          </Field>
          <Field label="Environment variables" error={errors.env} hint="A JSON object of texts">
            {(p) => (
              <textarea
                {...p}
                rows={3}
                spellCheck={false}
                value={envVars}
                onChange={(e) => setEnvVars(e.target.value)}
              />
            )}
          </Field>
          <Field label="Vault password" error={errors.password} hint={env ? 'Empty: unchanged' : undefined}>
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
          <fieldset className="rows">
            <legend>Secrets</legend>
            {secrets.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: new rows have no id yet; rows are edited in place.
              <fieldset className="row" key={i} aria-label={`Secret ${s.name || i + 1}`} disabled={s.removed}>
                <Field label="Secret name">
                  {(p) => (
                    <input
                      {...p}
                      required
                      readOnly={s.id !== undefined}
                      value={s.name}
                      onChange={(e) => setSecret(i, { name: e.target.value })}
                    />
                  )}
                </Field>
                <Field label="Secret kind">
                  {(p) => (
                    <select
                      {...p}
                      disabled={s.id !== undefined}
                      value={s.type}
                      onChange={(e) => setSecret(i, { type: e.target.value as 'var' | 'env' })}
                    >
                      <option value="var">Extra variable</option>
                      <option value="env">Environment variable</option>
                    </select>
                  )}
                </Field>
                <Field label="Secret value" hint={s.id !== undefined ? 'Empty: unchanged' : undefined}>
                  {(p) => (
                    <input
                      {...p}
                      type="password"
                      autoComplete="new-password"
                      value={s.value}
                      onChange={(e) => setSecret(i, { value: e.target.value })}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  onClick={() => setSecret(i, { removed: true })}
                  aria-label={`Remove secret ${s.name || i + 1}`}
                >
                  {s.removed ? 'Removed' : 'Remove'}
                </button>
              </fieldset>
            ))}
            {errors.secrets && (
              <p className="field-error" role="alert">
                {errors.secrets}
              </p>
            )}
            <button
              type="button"
              onClick={() => setSecrets((all) => [...all, { type: 'var', name: '', value: '', removed: false }])}
            >
              Add a secret
            </button>
          </fieldset>
        </>
      )}
    </FormDialog>
  );
}
