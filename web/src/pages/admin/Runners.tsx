// Administration: the remote runners. A new runner's token is shown once, when it is made.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { FormDialog } from '../../ui/dialog';
import { Check, Field } from '../../ui/form';
import { ResourcePage } from '../../ui/resource-page';
import { AdminOnly } from './AdminOnly';

type Runner = Schemas['Runner'];

export default function Runners() {
  const queries = useQueryClient();
  const runners = useQuery({ queryKey: ['runners'], queryFn: async () => unwrap(await api.GET('/api/runners')) });
  const [token, setToken] = useState('');
  const refresh = () => queries.invalidateQueries({ queryKey: ['runners'] });
  const toggle = async (r: Runner) => {
    unwrap(
      await api.POST('/api/runners/{runner_id}/active', {
        params: { path: { runner_id: r.id } },
        body: { active: !r.active },
      }),
    );
    await refresh();
  };
  return (
    <AdminOnly>
      {token && (
        <p className="card" role="status">
          The new runner's token, shown this once: <code>{token}</code>
        </p>
      )}
      <ResourcePage
        title="Runners"
        noun="runner"
        items={runners}
        mayEdit
        columns={[
          ['Name', (r) => r.name],
          ['Tag', (r) => r.tag],
          ['Parallel tasks', (r) => r.max_parallel_tasks || 'no limit'],
          ['Last seen', (r) => (r.touched ? new Date(r.touched).toLocaleString() : 'never')],
          [
            'Active',
            (r) => (
              <input type="checkbox" checked={r.active} onChange={() => toggle(r)} aria-label={`${r.name} active`} />
            ),
          ],
        ]}
        form={(r, close) => <RunnerForm runner={r} onClose={close} onSaved={refresh} onToken={setToken} />}
        onDelete={async (r) => {
          unwrap(await api.DELETE('/api/runners/{runner_id}', { params: { path: { runner_id: r.id } } }));
          await refresh();
        }}
      />
    </AdminOnly>
  );
}

function RunnerForm(props: {
  runner?: Runner;
  onClose: () => void;
  onSaved: () => Promise<void>;
  onToken: (t: string) => void;
}) {
  const { runner } = props;
  const [name, setName] = useState(runner?.name ?? '');
  const [tag, setTag] = useState(runner?.tag ?? '');
  const [webhook, setWebhook] = useState(runner?.webhook ?? '');
  const [parallel, setParallel] = useState(String(runner?.max_parallel_tasks ?? 0));
  const [active, setActive] = useState(runner?.active ?? true);
  const save = async () => {
    const body = { name, tag, webhook, max_parallel_tasks: Number(parallel), active };
    if (runner) {
      unwrap(
        await api.PUT('/api/runners/{runner_id}', {
          params: { path: { runner_id: runner.id } },
          body: { ...body, id: runner.id },
        }),
      );
    } else {
      props.onToken(unwrap(await api.POST('/api/runners', { body })).token);
    }
    await props.onSaved();
  };
  return (
    <FormDialog
      title={runner ? `Edit ${runner.name}` : 'New runner'}
      known={['name', 'tag', 'webhook', 'max_parallel_tasks']}
      onSubmit={save}
      onClose={props.onClose}
    >
      {(errors) => (
        <>
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Tag" error={errors.tag} hint="Templates with this runner tag run here">
            {(p) => <input {...p} value={tag} onChange={(e) => setTag(e.target.value)} />}
          </Field>
          <Field label="Webhook" error={errors.webhook}>
            {(p) => <input {...p} value={webhook} onChange={(e) => setWebhook(e.target.value)} />}
          </Field>
          <Field label="Parallel tasks at most" error={errors.max_parallel_tasks} hint="0: no limit">
            {(p) => (
              <input {...p} type="number" min={0} value={parallel} onChange={(e) => setParallel(e.target.value)} />
            )}
          </Field>
          <Check label="Active" checked={active} onChange={setActive} />
        </>
      )}
    </FormDialog>
  );
}
