// The project's repositories: a git URL, a branch and the key that reads it.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { useKeys, usePermissions, useRepositories } from '../api/queries';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';

type Repository = Schemas['Repository'];

export default function Repositories() {
  const projectId = useProjectId();
  const repositories = useRepositories(projectId);
  const keys = useKeys(projectId);
  const queries = useQueryClient();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'repositories'] });
  const keyName = (id: number) => keys.data?.find((k) => k.id === id)?.name ?? '';
  return (
    <ResourcePage
      title="Repositories"
      noun="repository"
      items={repositories}
      mayEdit={mayEdit}
      columns={[
        ['Name', (r) => r.name],
        ['Git URL', (r) => r.git_url],
        ['Branch', (r) => r.git_branch],
        ['Key', (r) => keyName(r.ssh_key_id)],
      ]}
      form={(repo, close) => (
        <RepositoryForm projectId={projectId} repo={repo} keys={keys.data ?? []} onClose={close} onSaved={refresh} />
      )}
      onDelete={async (r) => {
        unwrap(
          await api.DELETE('/api/project/{project_id}/repositories/{repository_id}', {
            params: { path: { project_id: projectId, repository_id: r.id } },
          }),
        );
        await refresh();
      }}
    />
  );
}

function RepositoryForm(props: {
  projectId: number;
  repo?: Repository;
  keys: Array<{ id: number; name: string }>;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { projectId, repo, keys } = props;
  const [name, setName] = useState(repo?.name ?? '');
  const [url, setUrl] = useState(repo?.git_url ?? '');
  const [branch, setBranch] = useState(repo?.git_branch ?? 'main');
  const [keyId, setKeyId] = useState(String(repo?.ssh_key_id ?? keys.find((k) => k.name === 'None')?.id ?? ''));

  const save = async () => {
    const body = { name, git_url: url, git_branch: branch, ssh_key_id: Number(keyId), project_id: projectId };
    if (repo) {
      unwrap(
        await api.PUT('/api/project/{project_id}/repositories/{repository_id}', {
          params: { path: { project_id: projectId, repository_id: repo.id } },
          body: { ...body, id: repo.id },
        }),
      );
    } else {
      unwrap(
        await api.POST('/api/project/{project_id}/repositories', { params: { path: { project_id: projectId } }, body }),
      );
    }
    await props.onSaved();
  };

  return (
    <FormDialog
      title={repo ? `Edit ${repo.name}` : 'New repository'}
      known={['name', 'git_url', 'git_branch', 'ssh_key_id']}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Git URL" error={errors.git_url} hint="https://, ssh://, git@host:path or file://">
            {(p) => <input {...p} required value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
          <Field label="Branch" error={errors.git_branch}>
            {(p) => <input {...p} value={branch} onChange={(e) => setBranch(e.target.value)} />}
          </Field>
          <Field label="Access key" error={errors.ssh_key_id}>
            {(p) => (
              <select {...p} required value={keyId} onChange={(e) => setKeyId(e.target.value)}>
                <option value="">—</option>
                {keys.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
    </FormDialog>
  );
}
