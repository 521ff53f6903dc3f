// Command lines of the shell apps (semaphore-behaviour.md §3.7): bash, python, powershell.
// Arguments: the script, template arguments, `name=value` per extra var (except
// semaphore_vars), then task arguments. Unlike upstream, secret vars are not arguments (they would
// show in `ps`): the run passes them as environment variables of the same name.

export const SHELL_APPS = ['bash', 'python', 'powershell'] as const;
export type ShellApp = (typeof SHELL_APPS)[number];

export function isShellApp(app: string): app is ShellApp {
  return (SHELL_APPS as readonly string[]).includes(app);
}

export interface ShellArgsInput {
  app: ShellApp;
  script: string;
  templateArgs: string[];
  extraVars: Record<string, unknown>;
  taskArgs: string[];
}

const BINARIES: Record<ShellApp, { command: string; before: string[] }> = {
  bash: { command: 'bash', before: [] },
  python: { command: 'python3', before: [] },
  powershell: { command: 'pwsh', before: ['-File'] },
};

export function shellCommand(input: ShellArgsInput): { command: string; args: string[] } {
  const { command, before } = BINARIES[input.app];
  const pairs = (vars: Record<string, unknown>) =>
    Object.entries(vars)
      .filter(([k]) => k !== 'semaphore_vars')
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return {
    command,
    args: [
      ...before,
      input.script,
      ...input.templateArgs,
      ...pairs(input.extraVars),
      ...input.taskArgs,
    ],
  };
}
