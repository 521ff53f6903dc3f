// The fields of what a task may change (task-input.ts), shared by the run dialog and the forms of
// schedules and integrations: only what the template allows, its survey variables, the app's own
// switches, and extra variables for members who may edit the template. Errors beside each field.
import type { Template } from '../api/client';
import { useInventories } from '../api/queries';
import { Check, Field, type FieldErrors } from '../ui/form';
import { argumentsOf, SurveyField } from './run-fields';
import { TERRAFORM, type TaskInput } from './task-input';

export function TaskFields({
  projectId,
  template,
  input,
  onChange,
  errors,
  withExtra,
  withSecrets,
  prefix = '',
}: {
  projectId: number;
  template: Template;
  input: TaskInput;
  onChange: (next: TaskInput) => void;
  errors: FieldErrors;
  /** Offer extra (non-survey) variables: only to members who may edit the template. */
  withExtra: boolean;
  /** Offer secret survey variables (a run: yes; stored task_params: no, secrets are stored nowhere). */
  withSecrets: boolean;
  /** The path of the task body in the API's refusals ("task_params." for a schedule). */
  prefix?: string;
}) {
  const tp = template.task_params as Record<string, unknown>;
  const allows = (flag: string) => tp[flag] === true;
  const ansible = template.app === 'ansible';
  const inventories = useInventories(projectId, allows('allow_override_inventory'));
  const set =
    <K extends keyof TaskInput>(key: K) =>
    (value: TaskInput[K]) =>
      onChange({ ...input, [key]: value });
  const flag = (name: string) => input.flags[name] === true;
  const setFlag = (name: string) => (on: boolean) => onChange({ ...input, flags: { ...input.flags, [name]: on } });
  const e = (...names: string[]) =>
    names
      .map((n) => errors[prefix + n])
      .filter(Boolean)
      .join('; ') || undefined;
  const survey = template.survey_vars.filter((v) => withSecrets || v.type !== 'secret');

  return (
    <>
      <Field label="Message" error={e('message')}>
        {(p) => (
          <input {...p} maxLength={250} value={input.message} onChange={(ev) => set('message')(ev.target.value)} />
        )}
      </Field>
      {template.allow_override_branch_in_task && (
        <Field
          label="Branch"
          error={e('git_branch', 'commit_hash')}
          hint="Empty: the template's or the repository's branch"
        >
          {(p) => <input {...p} value={input.branch} onChange={(ev) => set('branch')(ev.target.value)} />}
        </Field>
      )}
      {allows('allow_override_inventory') && (
        <Field label="Inventory" error={e('inventory_id')}>
          {(p) => (
            <select {...p} value={input.inventoryId} onChange={(ev) => set('inventoryId')(ev.target.value)}>
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
          {(p) => <input {...p} value={input.limit} onChange={(ev) => set('limit')(ev.target.value)} />}
        </Field>
      )}
      {allows('allow_override_tags') && (
        <Field label="Tags" error={e('params.tags')} hint="Comma-separated">
          {(p) => <input {...p} value={input.tags} onChange={(ev) => set('tags')(ev.target.value)} />}
        </Field>
      )}
      {allows('allow_override_skip_tags') && (
        <Field label="Skip tags" error={e('params.skip_tags')} hint="Comma-separated">
          {(p) => <input {...p} value={input.skipTags} onChange={(ev) => set('skipTags')(ev.target.value)} />}
        </Field>
      )}
      {template.allow_override_args_in_task && (
        <Field
          label="Arguments"
          error={e('arguments')}
          hint={
            argumentsOf(template.arguments)
              ? `One per line, after the template's own: ${argumentsOf(template.arguments).replaceAll('\n', ' ')}`
              : 'One per line'
          }
        >
          {(p) => <textarea {...p} rows={3} value={input.args} onChange={(ev) => set('args')(ev.target.value)} />}
        </Field>
      )}
      {survey.length > 0 && (
        <fieldset>
          <legend>Survey</legend>
          {survey.map((v) => (
            <SurveyField
              key={v.name}
              v={v}
              value={input.survey[v.name] ?? ''}
              onChange={(value) => onChange({ ...input, survey: { ...input.survey, [v.name]: value } })}
            />
          ))}
          {!withSecrets && survey.length < template.survey_vars.length && (
            <p className="muted">Secret survey variables are not stored: a task started this way runs without them.</p>
          )}
          {(e('environment') || e('secret')) && !withExtra && (
            <p className="field-error" role="alert">
              {e('environment', 'secret')}
            </p>
          )}
        </fieldset>
      )}
      {withExtra && (
        <Field
          label="Extra variables"
          error={e('environment')}
          hint='A JSON object of variables besides the survey ones, e.g. {"region": "eu"}'
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              spellCheck={false}
              value={input.extra}
              onChange={(ev) => set('extra')(ev.target.value)}
            />
          )}
        </Field>
      )}
      {withExtra && e('secret') && (
        <p className="field-error" role="alert">
          {e('secret')}
        </p>
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
                <select {...p} value={input.debugLevel} onChange={(ev) => set('debugLevel')(ev.target.value)}>
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
      {TERRAFORM.has(template.app) && (
        <fieldset className="checks">
          <legend>Options</legend>
          <Check label="Plan only" checked={flag('plan')} onChange={setFlag('plan')} />
          {tp.allow_destroy !== false && (
            <Check
              label="Destroy"
              checked={flag('destroy')}
              onChange={setFlag('destroy')}
              error={e('params.destroy')}
            />
          )}
          {(tp.auto_approve === true || tp.allow_auto_approve === true) && (
            <Check
              label="Auto approve"
              checked={flag('auto_approve')}
              onChange={setFlag('auto_approve')}
              error={e('params.auto_approve')}
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
    </>
  );
}
