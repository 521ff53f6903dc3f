// The project's inventories: hosts for ansible (static INI or YAML, or a file in a repository)
// and workspaces for Terraform, OpenTofu and Terragrunt, with the keys ansible connects with.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { useInventories, useKeys, usePermissions, useRepositories } from '../api/queries';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';

type Inventory = Schemas['Inventory'];
type InventoryType = Inventory['type'];
const TYPES: Record<InventoryType, string> = {
  static: 'Static (INI)',
  'static-yaml': 'Static (YAML)',
  file: 'File in a repository',
  'terraform-workspace': 'Terraform workspace',
  'tofu-workspace': 'OpenTofu workspace',
  'terragrunt-workspace': 'Terragrunt workspace',
};
const KNOWN = ['name', 'type', 'inventory', 'ssh_key_id', 'become_key_id', 'repository_id', 'runner_tag'] as const;

export default function Inventories() {
  const projectId = useProjectId();
  const inventories = useInventories(projectId);
  const queries = useQueryClient();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'inventory'] });
  return (
    <ResourcePage
      title="Inventory"
      noun="inventory"
      items={inventories}
      mayEdit={mayEdit}
      columns={[
        ['Name', (i) => i.name],
        ['Type', (i) => TYPES[i.type] ?? i.type],
      ]}
      form={(inv, close) => <InventoryForm projectId={projectId} inv={inv} onClose={close} onSaved={refresh} />}
      onDelete={async (i) => {
        unwrap(
          await api.DELETE('/api/project/{project_id}/inventory/{inventory_id}', {
            params: { path: { project_id: projectId, inventory_id: i.id } },
          }),
        );
        await refresh();
      }}
    />
  );
}

function InventoryForm(props: {
  projectId: number;
  inv?: Inventory;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { projectId, inv } = props;
  const keys = useKeys(projectId);
  const repositories = useRepositories(projectId);
  const [name, setName] = useState(inv?.name ?? '');
  const [type, setType] = useState<InventoryType>(inv?.type ?? 'static');
  const [text, setText] = useState(inv?.inventory ?? '');
  const [sshKey, setSshKey] = useState(inv?.ssh_key_id ? String(inv.ssh_key_id) : '');
  const [becomeKey, setBecomeKey] = useState(inv?.become_key_id ? String(inv.become_key_id) : '');
  const [repositoryId, setRepositoryId] = useState(inv?.repository_id ? String(inv.repository_id) : '');
  const workspace = type.endsWith('-workspace');
  const id = (v: string) => (v ? Number(v) : null);

  const save = async () => {
    const body = {
      name,
      type,
      inventory: text,
      project_id: projectId,
      ssh_key_id: workspace ? null : id(sshKey),
      become_key_id: workspace ? null : id(becomeKey),
      repository_id: type === 'file' ? id(repositoryId) : null,
    };
    const path = { project_id: projectId };
    if (inv) {
      unwrap(
        await api.PUT('/api/project/{project_id}/inventory/{inventory_id}', {
          params: { path: { ...path, inventory_id: inv.id } },
          body: { ...body, id: inv.id },
        }),
      );
    } else {
      unwrap(await api.POST('/api/project/{project_id}/inventory', { params: { path }, body }));
    }
    await props.onSaved();
  };

  const keySelect = (label: string, value: string, set: (v: string) => void, error?: string) => (
    <Field label={label} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => set(e.target.value)}>
          <option value="">None</option>
          {keys.data?.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <FormDialog
      title={inv ? `Edit ${inv.name}` : 'New inventory'}
      known={KNOWN}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Type" error={errors.type}>
            {(p) => (
              <select {...p} value={type} onChange={(e) => setType(e.target.value as InventoryType)}>
                {Object.entries(TYPES).map(([value, title]) => (
                  <option key={value} value={value}>
                    {title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {type === 'file' && (
            <Field label="Repository" error={errors.repository_id}>
              {(p) => (
                <select {...p} value={repositoryId} onChange={(e) => setRepositoryId(e.target.value)}>
                  <option value="">The template's</option>
                  {repositories.data?.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            label={workspace ? 'Workspace' : type === 'file' ? 'Path' : 'Hosts'}
            error={errors.inventory}
            hint={workspace ? 'e.g. default' : type === 'file' ? 'Path in the repository' : undefined}
          >
            {(p) =>
              workspace || type === 'file' ? (
                <input {...p} value={text} onChange={(e) => setText(e.target.value)} />
              ) : (
                <textarea {...p} rows={6} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
              )
            }
          </Field>
          {!workspace && keySelect('User credentials', sshKey, setSshKey, errors.ssh_key_id)}
          {!workspace && keySelect('Sudo credentials', becomeKey, setBecomeKey, errors.become_key_id)}
        </>
      )}
    </FormDialog>
  );
}
