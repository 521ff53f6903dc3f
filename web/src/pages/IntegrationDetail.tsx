// One integration: its webhook addresses (aliases, random names made by the server), the matchers
// a call must pass, and the values extracted from a call into the task's variables.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';
import { useIntegrations } from './Integrations';

type Source = 'header' | 'body';
type DataType = '' | 'json' | 'string' | 'xml';

export default function IntegrationDetail() {
  const projectId = useProjectId();
  const integrationId = Number(useParams().integrationId);
  const integration = useIntegrations(projectId).data?.find((i) => i.id === integrationId);
  useTitle(integration?.name ?? 'Integration');
  const queries = useQueryClient();
  const path = { project_id: projectId, integration_id: integrationId };
  const key = (what: string) => ['project', projectId, 'integration', integrationId, what];
  const refresh = (what: string) => queries.invalidateQueries({ queryKey: key(what) });
  const aliases = useQuery({
    queryKey: key('aliases'),
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/integrations/{integration_id}/aliases', { params: { path } })),
  });
  const matchers = useQuery({
    queryKey: key('matchers'),
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/integrations/{integration_id}/matchers', { params: { path } })),
  });
  const values = useQuery({
    queryKey: key('values'),
    queryFn: async () =>
      unwrap(await api.GET('/api/project/{project_id}/integrations/{integration_id}/values', { params: { path } })),
  });
  const [adding, setAdding] = useState<'matcher' | 'value'>();
  const [error, setError] = useState('');
  const run = async (fn: () => Promise<unknown>, what: string) => {
    setError('');
    try {
      await fn();
      await refresh(what);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section>
      <h1>{integration?.name ?? 'Integration'}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>Addresses</h2>
      <ul className="list">
        {aliases.data?.map((a) => (
          <li key={a.id}>
            <code>{a.url}</code>{' '}
            <button
              type="button"
              aria-label={`Delete address ${a.url}`}
              onClick={() =>
                run(
                  async () =>
                    unwrap(
                      await api.DELETE('/api/project/{project_id}/integrations/{integration_id}/aliases/{alias_id}', {
                        params: { path: { ...path, alias_id: a.id } },
                      }),
                    ),
                  'aliases',
                )
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() =>
          run(
            async () =>
              unwrap(
                await api.POST('/api/project/{project_id}/integrations/{integration_id}/aliases', { params: { path } }),
              ),
            'aliases',
          )
        }
      >
        New address
      </button>
      <h2>Matchers</h2>
      <p className="muted">A call runs the template only when every matcher holds.</p>
      <ul className="list">
        {matchers.data?.map((m) => (
          <li key={m.id}>
            {m.name}: {m.match_type} <code>{m.key}</code> {m.method} <code>{m.value}</code>{' '}
            <button
              type="button"
              aria-label={`Delete matcher ${m.name}`}
              onClick={() =>
                run(
                  async () =>
                    unwrap(
                      await api.DELETE(
                        '/api/project/{project_id}/integrations/{integration_id}/matchers/{matcher_id}',
                        {
                          params: { path: { ...path, matcher_id: m.id } },
                        },
                      ),
                    ),
                  'matchers',
                )
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setAdding('matcher')}>
        New matcher
      </button>
      <h2>Extracted values</h2>
      <p className="muted">Values taken from a call into the task's variables.</p>
      <ul className="list">
        {values.data?.map((v) => (
          <li key={v.id}>
            {v.name}: {v.value_source} <code>{v.key}</code> → <code>{v.variable}</code>{' '}
            <button
              type="button"
              aria-label={`Delete value ${v.name}`}
              onClick={() =>
                run(
                  async () =>
                    unwrap(
                      await api.DELETE('/api/project/{project_id}/integrations/{integration_id}/values/{value_id}', {
                        params: { path: { ...path, value_id: v.id } },
                      }),
                    ),
                  'values',
                )
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setAdding('value')}>
        New extracted value
      </button>
      {adding && (
        <PartForm
          kind={adding}
          onClose={() => setAdding(undefined)}
          onSave={async (part) => {
            if (adding === 'matcher') {
              unwrap(
                await api.POST('/api/project/{project_id}/integrations/{integration_id}/matchers', {
                  params: { path },
                  body: {
                    name: part.name,
                    match_type: part.source,
                    method: part.method,
                    body_data_type: part.dataType,
                    key: part.key,
                    value: part.value,
                  },
                }),
              );
            } else {
              unwrap(
                await api.POST('/api/project/{project_id}/integrations/{integration_id}/values', {
                  params: { path },
                  body: {
                    name: part.name,
                    value_source: part.source,
                    body_data_type: part.dataType,
                    key: part.key,
                    variable: part.value,
                  },
                }),
              );
            }
            await refresh(adding === 'matcher' ? 'matchers' : 'values');
          }}
        />
      )}
    </section>
  );
}

interface Part {
  name: string;
  source: Source;
  method: 'equals' | 'unequals' | 'contains';
  dataType: DataType;
  key: string;
  value: string;
}

function PartForm({
  kind,
  onClose,
  onSave,
}: {
  kind: 'matcher' | 'value';
  onClose: () => void;
  onSave: (p: Part) => Promise<void>;
}) {
  const [part, setPart] = useState<Part>({
    name: '',
    source: 'header',
    method: 'equals',
    dataType: '',
    key: '',
    value: '',
  });
  const set = (patch: Partial<Part>) => setPart((p) => ({ ...p, ...patch }));
  const matcher = kind === 'matcher';
  return (
    <FormDialog
      title={matcher ? 'New matcher' : 'New extracted value'}
      known={['name', 'match_type', 'value_source', 'method', 'body_data_type', 'key', 'value', 'variable']}
      onSubmit={() => onSave(part)}
      onClose={onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={part.name} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label="From" error={errors.match_type ?? errors.value_source}>
            {(p) => (
              <select {...p} value={part.source} onChange={(e) => set({ source: e.target.value as Source })}>
                <option value="header">A header</option>
                <option value="body">The body</option>
              </select>
            )}
          </Field>
          {part.source === 'body' && (
            <Field label="Body format" error={errors.body_data_type}>
              {(p) => (
                <select {...p} value={part.dataType} onChange={(e) => set({ dataType: e.target.value as DataType })}>
                  <option value="json">JSON</option>
                  <option value="string">Text</option>
                  <option value="xml">XML</option>
                </select>
              )}
            </Field>
          )}
          <Field label={part.source === 'header' ? 'Header name' : 'Path in the body'} error={errors.key}>
            {(p) => <input {...p} value={part.key} onChange={(e) => set({ key: e.target.value })} />}
          </Field>
          {matcher && (
            <Field label="Test" error={errors.method}>
              {(p) => (
                <select {...p} value={part.method} onChange={(e) => set({ method: e.target.value as Part['method'] })}>
                  <option value="equals">equals</option>
                  <option value="unequals">does not equal</option>
                  <option value="contains">contains</option>
                </select>
              )}
            </Field>
          )}
          <Field label={matcher ? 'Value' : 'Variable'} error={matcher ? errors.value : errors.variable}>
            {(p) => (
              <input {...p} required={!matcher} value={part.value} onChange={(e) => set({ value: e.target.value })} />
            )}
          </Field>
        </>
      )}
    </FormDialog>
  );
}
