// The task's own variables (survey values, values a webhook extracted) for ansible-playbook, as a
// YAML vars file in which every text is tagged `!unsafe`. Ansible templates the values of extra
// vars when a playbook uses them, so a value such as "{{ lookup('pipe', 'id') }}" from whoever
// ran the task (or from an anonymous webhook payload) would otherwise run a command on the
// controller. `!unsafe` makes Ansible take the text as it is.

/** A double-quoted YAML scalar that PyYAML reads back exactly: everything outside printable ASCII escaped. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

function unsafeValue(value: unknown): string {
  if (typeof value === 'string') return `!unsafe ${quoted(value)}`;
  if (Array.isArray(value)) return `[${value.map(unsafeValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${quoted(k)}: ${unsafeValue(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null'; // numbers, true/false, null
}

/** One flow-style YAML mapping of `vars`, every string in it (at any depth) tagged `!unsafe`. */
export function unsafeVarsYaml(vars: Record<string, unknown>): string {
  return `${unsafeValue(vars)}\n`;
}
