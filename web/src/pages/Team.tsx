// The project's members and their roles (Owner, Manager, Task Runner, Guest), for whoever may
// manage the project's users; the tab is absent for the others.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import { usePermissions } from '../api/queries';
import { FormDialog } from '../ui/dialog';
import { Field } from '../ui/form';
import { ResourcePage } from '../ui/resource-page';
import { useProjectId } from './ProjectLayout';

type Member = Schemas['ProjectUser'];
type Role = Member['role'];
export const ROLES: Record<Role, string> = {
  owner: 'Owner',
  manager: 'Manager',
  task_runner: 'Task Runner',
  guest: 'Guest',
};

export default function Team() {
  const projectId = useProjectId();
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectUsers) !== 0;
  const path = { project_id: projectId };
  const members = useQuery({
    queryKey: ['project', projectId, 'users'],
    enabled: mayEdit,
    queryFn: async () => unwrap(await api.GET('/api/project/{project_id}/users', { params: { path } })),
  });
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: ['project', projectId, 'users'] });
  if (!mayEdit) return <p className="muted">Only members who may manage the project's users see its team.</p>;
  return (
    <ResourcePage
      title="Team"
      noun="member"
      items={members}
      mayEdit={mayEdit}
      columns={[
        ['Username', (m) => m.username],
        ['Name', (m) => m.name],
        ['Role', (m) => ROLES[m.role]],
      ]}
      form={(m, close) => (
        <MemberForm projectId={projectId} member={m} known={members.data ?? []} onClose={close} onSaved={refresh} />
      )}
      onDelete={async (m) => {
        unwrap(
          await api.DELETE('/api/project/{project_id}/users/{user_id}', {
            params: { path: { ...path, user_id: m.id } },
          }),
        );
        await refresh();
      }}
    />
  );
}

function MemberForm(props: {
  projectId: number;
  member?: Member;
  known: Member[];
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { projectId, member } = props;
  const users = useQuery({
    queryKey: ['users'],
    enabled: !member,
    queryFn: async () => unwrap(await api.GET('/api/users')),
  });
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<Role>(member?.role ?? 'task_runner');
  const path = { project_id: projectId };
  const save = async () => {
    if (member) {
      unwrap(
        await api.PUT('/api/project/{project_id}/users/{user_id}', {
          params: { path: { ...path, user_id: member.id } },
          body: { role },
        }),
      );
    } else {
      unwrap(
        await api.POST('/api/project/{project_id}/users', {
          params: { path },
          body: { user_id: Number(userId), role },
        }),
      );
    }
    await props.onSaved();
  };
  const candidates = users.data?.filter((u) => !props.known.some((m) => m.id === u.id)) ?? [];
  return (
    <FormDialog
      title={member ? `Role of ${member.username}` : 'New member'}
      known={['user_id', 'role']}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          {!member && (
            <Field label="User" error={errors.user_id}>
              {(p) => (
                <select {...p} required value={userId} onChange={(e) => setUserId(e.target.value)}>
                  <option value="">—</option>
                  {candidates.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name ? `${u.name} (${u.username})` : u.username}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Role" error={errors.role}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {Object.entries(ROLES).map(([value, title]) => (
                  <option key={value} value={value}>
                    {title}
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
