// What each built-in app runs unless admins set `apps.<id>.path` and `apps.<id>.args`
// (semaphore-behaviour.md §3.5–3.7). An app that is not built in runs its own id by default.

export interface AppCommand {
  path: string;
  /** Arguments before everything the task adds (the script, the playbook's options …). */
  args: string[];
}

export const BUILTIN_APP_COMMANDS: Readonly<Record<string, AppCommand>> = {
  ansible: { path: 'ansible-playbook', args: [] },
  terraform: { path: 'terraform', args: [] },
  tofu: { path: 'tofu', args: [] },
  terragrunt: { path: 'terragrunt', args: [] },
  bash: { path: 'bash', args: [] },
  python: { path: 'python3', args: [] },
  // pwsh reads the script after -File: everything after it belongs to the script.
  powershell: { path: 'pwsh', args: ['-File'] },
  pulumi: { path: 'pulumi', args: [] },
};

/** The default command of app `id`: a built-in's, or the id itself. */
export function defaultAppCommand(id: string): AppCommand {
  return Object.hasOwn(BUILTIN_APP_COMMANDS, id) ? BUILTIN_APP_COMMANDS[id] : { path: id, args: [] };
}
