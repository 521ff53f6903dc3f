// The project's integrations (incoming webhooks that run a template): how a call authenticates
// (a key of the key store holds the secret), and a page of each for its addresses, matchers and
// extracted values (IntegrationDetail.tsx).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { useKeys, usePermissions, useTemplates } from '../api/queries';
import { FormDialog } from '../ui/dialog';
import { Check, Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';
import { STORED_PARAMS_FIELDS, StoredTaskParams, useStoredTaskParams } from './stored-task-params';

type Integration = Schemas['Integration'];
type AuthMethod = Integration['auth_method'];
const AUTH: Record<AuthMethod, string> = {
  '': 'None',
  none: 'None',
  github: 'GitHub signature',
  token: 'Token in a header',
  hmac: 'HMAC signature',
};

export function useIntegrations(projectId: number) {
  return useQuery({
    queryKey: ['project', projectId, 'integrations'],
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/integrations', { params: { path: { project_id: projectId } } })),
  });
}

export default function Integrations() {
  const projectId = useProjectId();
  const integrations = useIntegrations(projectId);
  const templates = useTemplates(projectId);
  const queries = useQueryClient();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'integrations'] });
  return (
    <ResourcePage
      title="Integrations"
      noun="integration"
      items={integrations}
      mayEdit={mayEdit}
      columns={[
        ['Name', (i) => <Link to={`/project/${projectId}/integration/${i.id}`}>{i.name}</Link>],
        ['Template', (i) => templates.data?.find((t) => t.id === i.template_id)?.name ?? ''],
        ['Authentication', (i) => AUTH[i.auth_method] ?? i.auth_method],
      ]}
      form={(i, close) => <IntegrationForm projectId={projectId} integration={i} onClose={close} onSaved={refresh} />}
      onDelete={async (i) => {
        unwrap(
          await api.DELETE('/api/project/{project_id}/integrations/{integration_id}', {
            params: { path: { project_id: projectId, integration_id: i.id } },
          }),
        );
        await refresh();
      }}
    />
  );
}

function IntegrationForm(props: {
  projectId: number;
  integration?: Integration;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { projectId, integration } = props;
  const templates = useTemplates(projectId);
  const keys = useKeys(projectId);
  const [name, setName] = useState(integration?.name ?? '');
  const [templateId, setTemplateId] = useState(integration ? String(integration.template_id) : '');
  const [auth, setAuth] = useState<AuthMethod>(integration?.auth_method || 'none');
  const [secretId, setSecretId] = useState(integration?.auth_secret_id ? String(integration.auth_secret_id) : '');
  const [header, setHeader] = useState(integration?.auth_header ?? '');
  const [searchable, setSearchable] = useState(integration?.searchable ?? false);
  const taskParams = useStoredTaskParams(templates.data, templateId, integration);
  const save = async () => {
    const body = {
      name,
      template_id: Number(templateId),
      auth_method: auth,
      auth_secret_id: auth === 'none' || !secretId ? null : Number(secretId),
      auth_header: auth === 'token' ? header : null,
      searchable,
      project_id: projectId,
      task_params: taskParams.params(),
    };
    const path = { project_id: projectId };
    if (integration) {
      unwrap(
        await api.PUT('/api/project/{project_id}/integrations/{integration_id}', {
          params: { path: { ...path, integration_id: integration.id } },
          body: { ...body, id: integration.id },
        }),
      );
    } else {
      unwrap(await api.POST('/api/project/{project_id}/integrations', { params: { path }, body }));
    }
    await props.onSaved();
  };
  return (
    <FormDialog
      title={integration ? `Edit ${integration.name}` : 'New integration'}
      known={['name', 'template_id', 'auth_method', 'auth_secret_id', 'auth_header', ...STORED_PARAMS_FIELDS]}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Template" error={errors.template_id}>
            {(p) => (
              <select {...p} required value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                <option value="">—</option>
                {templates.data?.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Authentication" error={errors.auth_method}>
            {(p) => (
              <select {...p} value={auth} onChange={(e) => setAuth(e.target.value as AuthMethod)}>
                {(['none', 'github', 'token', 'hmac'] as const).map((m) => (
                  <option key={m} value={m}>
                    {AUTH[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {auth !== 'none' && (
            <Field label="Secret (a key)" error={errors.auth_secret_id}>
              {(p) => (
                <select {...p} value={secretId} onChange={(e) => setSecretId(e.target.value)}>
                  <option value="">—</option>
                  {keys.data?.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {auth === 'token' && (
            <Field label="Header" error={errors.auth_header}>
              {(p) => <input {...p} value={header} onChange={(e) => setHeader(e.target.value)} />}
            </Field>
          )}
          <Check
            label="Searchable (matched by the project-wide address)"
            checked={searchable}
            onChange={setSearchable}
          />
          <StoredTaskParams projectId={projectId} state={taskParams} errors={errors} />
        </>
      )}
    </FormDialog>
  );
}
