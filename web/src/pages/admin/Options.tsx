// Administration: the server's options, key to value, and setting one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, type FieldErrors, FormError, fieldErrors } from '../../ui/form';
import { useTitle } from '../../ui/title';
import { AdminOnly } from './AdminOnly';

export default function Options() {
  useTitle('Options');
  const queries = useQueryClient();
  const options = useQuery({ queryKey: ['options'], queryFn: async () => unwrap(await api.GET('/api/options')) });
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      unwrap(await api.POST('/api/options', { body: { key, value } }));
      await queries.invalidateQueries({ queryKey: ['options'] });
      setKey('');
      setValue('');
    } catch (err) {
      setErrors(fieldErrors(err, ['key', 'value']));
    }
  };
  return (
    <AdminOnly>
      <section>
        <h1>Options</h1>
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(options.data ?? {}).map(([k, v]) => (
              <tr key={k}>
                <td>
                  <code>{k}</code>
                </td>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Set an option</h2>
        <form onSubmit={submit} className="form card">
          <Field label="Key" error={errors.key}>
            {(p) => <input {...p} required value={key} onChange={(e) => setKey(e.target.value)} />}
          </Field>
          <Field label="Value" error={errors.value}>
            {(p) => <input {...p} value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
          <FormError errors={errors} />
          <button type="submit">Set</button>
        </form>
      </section>
    </AdminOnly>
  );
}
