// The lists inside a template's form: survey variables (what the run dialog asks) and vaults
// (ansible's vault passwords: a key of the key store, or a client script in the repository).
import type { Schemas } from '../api/client';
import { Check, Field } from '../ui/form';

export type SurveyVarInput = NonNullable<Schemas['TemplateInput']['survey_vars']>[number];
export type VaultInput = NonNullable<Schemas['TemplateInput']['vaults']>[number];

const SURVEY_TYPES: Array<[string, string]> = [
  ['', 'Text'],
  ['int', 'Integer'],
  ['enum', 'Choice'],
  ['boolean', 'Yes or no'],
  ['secret', 'Secret'],
];

/** Choices as `Title=value` lines, and back. */
const valuesText = (values: SurveyVarInput['values']) =>
  (values ?? []).map((v) => (v.name && v.name !== v.value ? `${v.name}=${v.value}` : v.value)).join('\n');
const valuesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=');
      return at > 0 ? { name: l.slice(0, at), value: l.slice(at + 1) } : { name: l, value: l };
    });

export function SurveyEditor({
  vars,
  onChange,
  error,
}: {
  vars: SurveyVarInput[];
  onChange: (vars: SurveyVarInput[]) => void;
  error?: string;
}) {
  const set = (i: number, patch: Partial<SurveyVarInput>) =>
    onChange(vars.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <fieldset className="rows">
      <legend>Survey variables</legend>
      {vars.length === 0 && <p className="muted">None: a run asks for nothing.</p>}
      {vars.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; they are edited in place.
        <fieldset className="row" key={i} aria-label={`Survey variable ${i + 1}`}>
          <Field label="Variable name">
            {(p) => <input {...p} required value={v.name} onChange={(e) => set(i, { name: e.target.value })} />}
          </Field>
          <Field label="Title">
            {(p) => <input {...p} value={v.title ?? ''} onChange={(e) => set(i, { title: e.target.value })} />}
          </Field>
          <Field label="Type">
            {(p) => (
              <select {...p} value={v.type ?? ''} onChange={(e) => set(i, { type: e.target.value })}>
                {SURVEY_TYPES.map(([value, title]) => (
                  <option key={value} value={value}>
                    {title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Description">
            {(p) => (
              <input {...p} value={v.description ?? ''} onChange={(e) => set(i, { description: e.target.value })} />
            )}
          </Field>
          {v.type === 'enum' ? (
            <Field label="Choices" hint="One per line: value, or title=value">
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={valuesText(v.values)}
                  onChange={(e) => set(i, { values: valuesOf(e.target.value) })}
                />
              )}
            </Field>
          ) : v.type !== 'secret' ? (
            <Field label="Default value">
              {(p) => (
                <input
                  {...p}
                  value={typeof v.default_value === 'string' ? v.default_value : ''}
                  onChange={(e) => set(i, { default_value: e.target.value })}
                />
              )}
            </Field>
          ) : null}
          <Check label="Required" checked={v.required === true} onChange={(on) => set(i, { required: on })} />
          <button
            type="button"
            onClick={() => onChange(vars.filter((_, j) => j !== i))}
            aria-label={`Remove survey variable ${i + 1}`}
          >
            Remove
          </button>
        </fieldset>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={() => onChange([...vars, { name: '', title: '', type: '', required: false, description: '' }])}
      >
        Add a survey variable
      </button>
    </fieldset>
  );
}

export function VaultEditor({
  vaults,
  keys,
  onChange,
  error,
}: {
  vaults: VaultInput[];
  keys: Array<{ id: number; name: string }>;
  onChange: (vaults: VaultInput[]) => void;
  error?: string;
}) {
  const set = (i: number, patch: Partial<VaultInput>) =>
    onChange(vaults.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <fieldset className="rows">
      <legend>Vaults</legend>
      {vaults.length === 0 && <p className="muted">None.</p>}
      {vaults.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; they are edited in place.
        <fieldset className="row" key={i} aria-label={`Vault ${i + 1}`}>
          <Field label="Vault id" hint="Empty: default">
            {(p) => <input {...p} value={v.name ?? ''} onChange={(e) => set(i, { name: e.target.value || null })} />}
          </Field>
          <Field label="Vault type">
            {(p) => (
              <select {...p} value={v.type} onChange={(e) => set(i, { type: e.target.value as VaultInput['type'] })}>
                <option value="password">Password (a key)</option>
                <option value="script">Client script</option>
              </select>
            )}
          </Field>
          {v.type === 'password' ? (
            <Field label="Vault password key">
              {(p) => (
                <select
                  {...p}
                  value={v.vault_key_id ?? ''}
                  onChange={(e) => set(i, { vault_key_id: e.target.value ? Number(e.target.value) : null })}
                >
                  <option value="">—</option>
                  {keys.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <Field label="Script path">
              {(p) => <input {...p} value={v.script ?? ''} onChange={(e) => set(i, { script: e.target.value })} />}
            </Field>
          )}
          <button
            type="button"
            onClick={() => onChange(vaults.filter((_, j) => j !== i))}
            aria-label={`Remove vault ${i + 1}`}
          >
            Remove
          </button>
        </fieldset>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={() => onChange([...vaults, { type: 'password', name: null, vault_key_id: null, script: null }])}
      >
        Add a vault
      </button>
    </fieldset>
  );
}
