// A template's form, new (`templates/new`) or existing (`templates/:id/edit`), for every app the
// server offers (/api/apps: ansible, terraform, tofu, terragrunt, bash, python, powershell and
// custom apps): what the app runs, from which repository, with which inventory, environment and
// vaults; what a task may change (allow_* flags and task_params); the survey variables.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, Permission, type Schemas, unwrap } from '../api/client';
import {
  useApps,
  useEnvironments,
  useInventories,
  useKeys,
  usePermissions,
  useRepositories,
  useTemplate,
  useTemplates,
  useViews,
} from '../api/queries';
import { Check, Field, type FieldErrors, FormError, fieldErrors, linesOf } from '../ui/form';
import { useTitle } from '../ui/title';
import { useProjectId } from './ProjectLayout';
import { SurveyEditor, VaultEditor } from './template-editors';
import { ANSIBLE_FLAGS, argumentsText, blank, inputOf, KNOWN, TERRAFORM } from './template-input';

type Input = Schemas['TemplateInput'];

export default function TemplateForm() {
  const projectId = useProjectId();
  const templateId = Number(useParams().templateId ?? 0);
  const template = useTemplate(projectId, templateId, templateId > 0);
  const mayEdit = (usePermissions(projectId) & Permission.manageProjectResources) !== 0;
  useTitle(templateId ? 'Edit template' : 'New template');
  if (!mayEdit) return <p className="muted">Only members who may manage the project's resources edit templates.</p>;
  if (templateId > 0 && !template.data) {
    return template.isError ? <p className="error">{template.error.message}</p> : <p className="loading">Loading…</p>;
  }
  return (
    <Form key={templateId} projectId={projectId} initial={template.data ? inputOf(template.data) : blank('ansible')} />
  );
}

function Form({ projectId, initial }: { projectId: number; initial: Input }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const apps = useApps();
  const repositories = useRepositories(projectId);
  const inventories = useInventories(projectId);
  const environments = useEnvironments(projectId);
  const views = useViews(projectId);
  const keys = useKeys(projectId);
  const templates = useTemplates(projectId);
  const [t, setT] = useState<Input>(initial);
  const [args, setArgs] = useState(argumentsText(initial.arguments));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Input>) => setT((old) => ({ ...old, ...patch }));
  const tp = (t.task_params ?? {}) as Record<string, unknown>;
  const setParam = (name: string, value: unknown) => set({ task_params: { ...tp, [name]: value } });
  const app = t.app ?? 'ansible';
  const ansible = app === 'ansible';
  const terraform = TERRAFORM.has(app);
  const id = (v: string) => (v ? Number(v) : null);
  const editing = Boolean(initial.id);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const body: Input = { ...t, arguments: JSON.stringify(linesOf(args)), vaults: ansible ? t.vaults : [] };
    try {
      const path = { project_id: projectId };
      if (initial.id) {
        unwrap(
          await api.PUT('/api/project/{project_id}/templates/{template_id}', {
            params: { path: { ...path, template_id: initial.id } },
            body,
          }),
        );
      } else {
        unwrap(await api.POST('/api/project/{project_id}/templates', { params: { path }, body }));
      }
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'templates'] });
      navigate(`/project/${projectId}/templates`);
    } catch (err) {
      setErrors(fieldErrors(err, KNOWN));
    } finally {
      setBusy(false);
    }
  };

  const playbookLabel = ansible ? 'Playbook' : terraform ? 'Sub-directory' : 'Script';
  const options = <T extends { id: number }>(list: T[] | undefined, title: (x: T) => string) =>
    list?.map((x) => (
      <option key={x.id} value={x.id}>
        {title(x)}
      </option>
    ));

  return (
    <section>
      <h1>{editing ? `Edit ${initial.name}` : 'New template'}</h1>
      <form onSubmit={submit} className="form">
        <div className="cols">
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} required value={t.name} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label="App" error={errors.app}>
            {(p) => (
              <select {...p} value={app} onChange={(e) => set({ app: e.target.value, task_params: {} })}>
                {apps.data
                  ?.filter((a) => a.active || a.id === app)
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.title || a.id}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label="Type" error={errors.type}>
            {(p) => (
              <select {...p} value={t.type ?? ''} onChange={(e) => set({ type: e.target.value as Input['type'] })}>
                <option value="">Task</option>
                <option value="build">Build</option>
                <option value="deploy">Deploy</option>
              </select>
            )}
          </Field>
          {t.type === 'build' && (
            <Field label="Start version" error={errors.start_version} hint="e.g. 1.0.0">
              {(p) => (
                <input
                  {...p}
                  value={t.start_version ?? ''}
                  onChange={(e) => set({ start_version: e.target.value || null })}
                />
              )}
            </Field>
          )}
          {t.type === 'deploy' && (
            <Field label="Build template" error={errors.build_template_id}>
              {(p) => (
                <select
                  {...p}
                  value={t.build_template_id ?? ''}
                  onChange={(e) => set({ build_template_id: id(e.target.value) })}
                >
                  <option value="">—</option>
                  {options(
                    templates.data?.filter((x) => x.type === 'build' && x.id !== initial.id),
                    (x) => x.name,
                  )}
                </select>
              )}
            </Field>
          )}
          <Field
            label={playbookLabel}
            error={errors.playbook}
            hint={terraform ? 'Empty: the repository root' : 'Path in the repository'}
          >
            {(p) => (
              <input
                {...p}
                required={!terraform}
                value={t.playbook ?? ''}
                onChange={(e) => set({ playbook: e.target.value })}
              />
            )}
          </Field>
          <Field label="Repository" error={errors.repository_id}>
            {(p) => (
              <select
                {...p}
                required
                value={t.repository_id || ''}
                onChange={(e) => set({ repository_id: Number(e.target.value) })}
              >
                <option value="">—</option>
                {options(repositories.data, (x) => x.name)}
              </select>
            )}
          </Field>
          <Field label="Branch" error={errors.git_branch} hint="Empty: the repository's">
            {(p) => (
              <input {...p} value={t.git_branch ?? ''} onChange={(e) => set({ git_branch: e.target.value || null })} />
            )}
          </Field>
          <Field label={terraform ? 'Workspace (inventory)' : 'Inventory'} error={errors.inventory_id}>
            {(p) => (
              <select {...p} value={t.inventory_id ?? ''} onChange={(e) => set({ inventory_id: id(e.target.value) })}>
                <option value="">{terraform ? 'A new default workspace' : 'None'}</option>
                {options(inventories.data, (x) => x.name)}
              </select>
            )}
          </Field>
          <Field label="Environment" error={errors.environment_id}>
            {(p) => (
              <select
                {...p}
                value={t.environment_id ?? ''}
                onChange={(e) => set({ environment_id: id(e.target.value) })}
              >
                <option value="">None</option>
                {options(environments.data, (x) => x.name)}
              </select>
            )}
          </Field>
          <Field label="View" error={errors.view_id}>
            {(p) => (
              <select {...p} value={t.view_id ?? ''} onChange={(e) => set({ view_id: id(e.target.value) })}>
                <option value="">None</option>
                {options(views.data, (x) => x.title)}
              </select>
            )}
          </Field>
          <Field label="Runner tag" error={errors.runner_tag}>
            {(p) => (
              <input {...p} value={t.runner_tag ?? ''} onChange={(e) => set({ runner_tag: e.target.value || null })} />
            )}
          </Field>
        </div>
        <Field label="Description" error={errors.description}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={t.description ?? ''}
              onChange={(e) => set({ description: e.target.value || null })}
            />
          )}
        </Field>
        <Field label="Arguments" error={errors.arguments} hint="One per line, passed to the app">
          {(p) => <textarea {...p} rows={2} value={args} onChange={(e) => setArgs(e.target.value)} />}
        </Field>
        <fieldset className="checks">
          <legend>A task may change</legend>
          <Check
            label="Allow arguments in tasks"
            checked={t.allow_override_args_in_task === true}
            onChange={(on) => set({ allow_override_args_in_task: on })}
          />
          <Check
            label="Allow another branch"
            checked={t.allow_override_branch_in_task === true}
            onChange={(on) => set({ allow_override_branch_in_task: on })}
          />
          {ansible &&
            ANSIBLE_FLAGS.map(([flag, title]) => (
              <Check key={flag} label={title} checked={tp[flag] === true} onChange={(on) => setParam(flag, on)} />
            ))}
          {terraform && (
            <>
              <Check
                label="Allow destroy"
                checked={tp.allow_destroy !== false}
                onChange={(on) => setParam('allow_destroy', on)}
              />
              <Check
                label="Allow auto approve"
                checked={tp.allow_auto_approve === true}
                onChange={(on) => setParam('allow_auto_approve', on)}
              />
            </>
          )}
          {errors.task_params && (
            <p className="field-error" role="alert">
              {errors.task_params}
            </p>
          )}
        </fieldset>
        <fieldset className="checks">
          <legend>Runs</legend>
          <Check
            label="Allow parallel tasks"
            checked={t.allow_parallel_tasks === true}
            onChange={(on) => set({ allow_parallel_tasks: on })}
          />
          <Check
            label="No alert on success"
            checked={t.suppress_success_alerts === true}
            onChange={(on) => set({ suppress_success_alerts: on })}
          />
          {t.type === 'deploy' && (
            <Check
              label="Run after each successful build (autorun)"
              checked={t.autorun === true}
              onChange={(on) => set({ autorun: on })}
            />
          )}
        </fieldset>
        <SurveyEditor
          vars={t.survey_vars ?? []}
          onChange={(survey_vars) => set({ survey_vars })}
          error={errors.survey_vars}
        />
        {ansible && (
          <VaultEditor
            vaults={t.vaults ?? []}
            keys={keys.data ?? []}
            onChange={(vaults) => set({ vaults })}
            error={errors.vaults}
          />
        )}
        <FormError errors={errors} />
        <div className="actions">
          <button type="button" onClick={() => navigate(`/project/${projectId}/templates`)}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {editing ? 'Save' : 'Create'}
          </button>
        </div>
      </form>
    </section>
  );
}
