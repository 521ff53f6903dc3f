// A script vault (semaphore-behaviour.md §1.12) names a script of the template's working copy that
// prints the vault password; ansible-playbook runs it (`--vault-id name@script`). Its path must
// name a file of the working copy only: relative, without "..". Checked when a template is saved
// and again before a run (where links out of the working copy are refused too).

/** A script vault's path: relative, without "..", so it can only name a file of the working copy. */
export function vaultScriptProblem(script: string): string | null {
  if (!script.trim()) return 'names no script';
  if (script.startsWith('/') || /^[a-z]:[\\/]/i.test(script) || script.startsWith('\\'))
    return `script "${script}" must be a path inside the repository, not an absolute path`;
  if (script.split(/[\\/]/).includes('..')) return `script "${script}" must stay inside the repository (no "..")`;
  if (script.includes('\0')) return 'script must not contain NUL';
  return null;
}
