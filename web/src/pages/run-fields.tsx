// The run dialog's pieces: a survey variable's control by its type (a secret one a password
// field), and the template's defaults as the dialog's texts.
import type { Template } from '../api/client';
import { Field } from '../ui/form';

type SurveyVar = Template['survey_vars'][number];

export function listText(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '';
}

export function argumentsOf(text: string | null): string {
  try {
    const parsed: unknown = JSON.parse(text || '[]');
    return Array.isArray(parsed) ? parsed.join('\n') : '';
  } catch {
    return '';
  }
}

export function surveyDefault(v: SurveyVar): string {
  return Array.isArray(v.default_value) ? (v.default_value[0] ?? '') : (v.default_value ?? '');
}

export function SurveyField({
  v,
  value,
  onChange,
}: {
  v: SurveyVar;
  value: string;
  onChange: (value: string) => void;
}) {
  const label = v.title || v.name;
  return (
    <Field label={label} hint={v.description || undefined}>
      {(p) =>
        v.type === 'enum' || v.type === 'select' ? (
          <select {...p} required={v.required} value={value} onChange={(ev) => onChange(ev.target.value)}>
            {!v.required && <option value="">—</option>}
            {(v.values ?? []).map((o) => (
              <option key={o.value} value={o.value}>
                {o.name || o.value}
              </option>
            ))}
          </select>
        ) : v.type === 'boolean' ? (
          <select {...p} value={value} onChange={(ev) => onChange(ev.target.value)}>
            <option value="">—</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        ) : (
          <input
            {...p}
            type={v.type === 'int' ? 'number' : v.type === 'secret' ? 'password' : 'text'}
            step={v.type === 'int' ? 1 : undefined}
            autoComplete={v.type === 'secret' ? 'off' : undefined}
            required={v.required}
            value={value}
            onChange={(ev) => onChange(ev.target.value)}
          />
        )
      }
    </Field>
  );
}
