// The run dialog: only what the template lets a task change (its allow_* flags and task_params),
// its survey variables (secret ones sent as `secret`, never stored), and the app's own switches
// (ansible: debug, dry run, diff; Terraform: plan only, destroy, auto approve …). The API checks
// all of it again; its refusals are shown beside the field they name.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Template, unwrap } from '../api/client';
import { useInventories } from '../api/queries';
import { Check, Field, type FieldErrors, FormError, fieldErrors, linesOf } from '../ui/form';
import { argumentsOf, listText, SurveyField, surveyDefault } from './run-fields';

const TERRAFORM = new Set(['terraform', 'tofu', 'terragrunt']);

const KNOWN = [
  'message',
  'git_branch',
  'commit_hash',
  'inventory_id',
  'limit',
  'params.limit',
  'params.tags',
  'params.skip_tags',
  'arguments',
  'environment',
  'secret',
  'debug',
  'params.debug',
  'params.debug_level',
  'params.skip_galaxy_install',
  'dry_run',
  'diff',
  'params',
] as const;

export function RunDialog({
  projectId,
  template,
  onClose,
}: {
  projectId: number;
  template: Template;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const tp = template.task_params as Record<string, unknown>;
  const allows = (flag: string) => tp[flag] === true;
  const ansible = template.app === 'ansible';
  const terraform = TERRAFORM.has(template.app);
  const inventories = useInventories(projectId, allows('allow_override_inventory'));

  const [message, setMessage] = useState('');
  const [branch, setBranch] = useState(template.git_branch ?? '');
  const [inventoryId, setInventoryId] = useState(template.inventory_id ? String(template.inventory_id) : '');
  const [limit, setLimit] = useState(listText(tp.limit));
  const [tags, setTags] = useState(listText(tp.tags));
  const [skipTags, setSkipTags] = useState(listText(tp.skip_tags));
  const [args, setArgs] = useState(argumentsOf(template.arguments));
  const [survey, setSurvey] = useState<Record<string, string>>(() =>
    Object.fromEntries(template.survey_vars.map((v) => [v.name, surveyDefault(v)])),
  );
  const [flags, setFlags] = useState<Record<string, boolean>>({});
  const [debugLevel, setDebugLevel] = useState('4');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const flag = (name: string) => flags[name] === true;
  const setFlag = (name: string) => (on: boolean) => setFlags((f) => ({ ...f, [name]: on }));

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const environment: Record<string, unknown> = {};
    const secret: Record<string, unknown> = {};
    for (const v of template.survey_vars) {
      const value = survey[v.name] ?? '';
      if (value === '' && !v.required) continue;
      if (v.type === 'secret') secret[v.name] = value;
      else environment[v.name] = v.type === 'int' ? Number(value) : v.type === 'boolean' ? value === 'true' : value;
    }
    const params: Record<string, unknown> = {};
    if (allows('allow_override_tags') && tags.trim()) params.tags = tags;
    if (allows('allow_override_skip_tags') && skipTags.trim()) params.skip_tags = skipTags;
    if (ansible && allows('allow_debug') && flag('debug')) params.debug_level = Number(debugLevel);
    if (ansible && flag('skip_galaxy_install')) params.skip_galaxy_install = true;
    if (terraform)
      for (const f of ['plan', 'destroy', 'auto_approve', 'upgrade', 'reconfigure']) if (flag(f)) params[f] = true;
    try {
      const task = unwrap(
        await api.POST('/api/project/{project_id}/tasks', {
          params: { path: { project_id: projectId } },
          body: {
            template_id: template.id,
            playbook: '',
            message,
            debug: ansible && flag('debug'),
            dry_run: ansible && flag('dry_run'),
            diff: ansible && flag('diff'),
            environment: Object.keys(environment).length ? JSON.stringify(environment) : '',
            ...(Object.keys(secret).length ? { secret: JSON.stringify(secret) } : {}),
            limit: allows('allow_override_limit') ? limit : '',
            ...(template.allow_override_args_in_task ? { arguments: JSON.stringify(linesOf(args)) } : {}),
            ...(template.allow_override_branch_in_task ? { git_branch: branch || null } : {}),
            ...(allows('allow_override_inventory') && inventoryId ? { inventory_id: Number(inventoryId) } : {}),
            params,
          },
        }),
      );
      await queries.invalidateQueries({ queryKey: ['project', projectId, 'tasks'] });
      dialog.current?.close();
      navigate(`/project/${projectId}/history?t=${task.id}`);
    } catch (err) {
      setErrors(fieldErrors(err, KNOWN));
    } finally {
      setBusy(false);
    }
  };

  const e = (...names: string[]) =>
    names
      .map((n) => errors[n])
      .filter(Boolean)
      .join('; ') || undefined;

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="run-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="run-title">Run {template.name}</h2>
        <Field label="Message" error={e('message')}>
          {(p) => <input {...p} maxLength={250} value={message} onChange={(ev) => setMessage(ev.target.value)} />}
        </Field>
        {template.allow_override_branch_in_task && (
          <Field
            label="Branch"
            error={e('git_branch', 'commit_hash')}
            hint="Empty: the template's or the repository's branch"
          >
            {(p) => <input {...p} value={branch} onChange={(ev) => setBranch(ev.target.value)} />}
          </Field>
        )}
        {allows('allow_override_inventory') && (
          <Field label="Inventory" error={e('inventory_id')}>
            {(p) => (
              <select {...p} value={inventoryId} onChange={(ev) => setInventoryId(ev.target.value)}>
                <option value="">The template's</option>
                {inventories.data?.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {allows('allow_override_limit') && (
          <Field label="Limit" error={e('limit', 'params.limit')} hint="Hosts or groups, comma-separated">
            {(p) => <input {...p} value={limit} onChange={(ev) => setLimit(ev.target.value)} />}
          </Field>
        )}
        {allows('allow_override_tags') && (
          <Field label="Tags" error={e('params.tags')} hint="Comma-separated">
            {(p) => <input {...p} value={tags} onChange={(ev) => setTags(ev.target.value)} />}
          </Field>
        )}
        {allows('allow_override_skip_tags') && (
          <Field label="Skip tags" error={e('params.skip_tags')} hint="Comma-separated">
            {(p) => <input {...p} value={skipTags} onChange={(ev) => setSkipTags(ev.target.value)} />}
          </Field>
        )}
        {template.allow_override_args_in_task && (
          <Field label="Arguments" error={e('arguments')} hint="One per line">
            {(p) => <textarea {...p} rows={3} value={args} onChange={(ev) => setArgs(ev.target.value)} />}
          </Field>
        )}
        {template.survey_vars.length > 0 && (
          <fieldset>
            <legend>Survey</legend>
            {template.survey_vars.map((v) => (
              <SurveyField
                key={v.name}
                v={v}
                value={survey[v.name] ?? ''}
                onChange={(value) => setSurvey((s) => ({ ...s, [v.name]: value }))}
              />
            ))}
            {(errors.environment || errors.secret) && (
              <p className="field-error" role="alert">
                {e('environment', 'secret')}
              </p>
            )}
          </fieldset>
        )}
        {ansible && (
          <fieldset className="checks">
            <legend>Options</legend>
            {allows('allow_debug') && (
              <Check
                label="Debug"
                checked={flag('debug')}
                onChange={setFlag('debug')}
                error={e('debug', 'params.debug')}
              />
            )}
            {allows('allow_debug') && flag('debug') && (
              <Field label="Debug level" error={e('params.debug_level')}>
                {(p) => (
                  <select {...p} value={debugLevel} onChange={(ev) => setDebugLevel(ev.target.value)}>
                    {[1, 2, 3, 4, 5, 6].map((n) => (
                      <option key={n} value={n}>{`-${'v'.repeat(n)}`}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <Check
              label="Dry run (--check)"
              checked={flag('dry_run')}
              onChange={setFlag('dry_run')}
              error={e('dry_run')}
            />
            <Check label="Diff (--diff)" checked={flag('diff')} onChange={setFlag('diff')} error={e('diff')} />
            {allows('allow_override_skip_galaxy_install') && (
              <Check
                label="Skip the galaxy install"
                checked={flag('skip_galaxy_install')}
                onChange={setFlag('skip_galaxy_install')}
                error={e('params.skip_galaxy_install')}
              />
            )}
          </fieldset>
        )}
        {terraform && (
          <fieldset className="checks">
            <legend>Options</legend>
            <Check label="Plan only" checked={flag('plan')} onChange={setFlag('plan')} />
            {tp.allow_destroy !== false && (
              <Check
                label="Destroy"
                checked={flag('destroy')}
                onChange={setFlag('destroy')}
                error={errors['params.destroy']}
              />
            )}
            {(tp.auto_approve === true || tp.allow_auto_approve === true) && (
              <Check
                label="Auto approve"
                checked={flag('auto_approve')}
                onChange={setFlag('auto_approve')}
                error={errors['params.auto_approve']}
              />
            )}
            <Check label="Upgrade (init -upgrade)" checked={flag('upgrade')} onChange={setFlag('upgrade')} />
            <Check
              label="Reconfigure (init -reconfigure)"
              checked={flag('reconfigure')}
              onChange={setFlag('reconfigure')}
            />
          </fieldset>
        )}
        <FormError errors={errors} />
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Run
          </button>
        </div>
      </form>
    </dialog>
  );
}
