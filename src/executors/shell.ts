// Command lines of the shell apps (semaphore-behaviour.md §3.7): bash, python, powershell.
// Arguments: the script, template arguments, `name=value` per extra var (except
// semaphore_vars), then task arguments. Unlike upstream, secret vars are not arguments (they would
// show in `ps`): the run passes them as environment variables of the same name.
// No argument can become an option of the interpreter: the script is an absolute path (so "-c",
// "-m" or "--rcfile" cannot be a script; pwsh gets it after -File), everything after it belongs
// to the script, and extra var names must be identifiers.
import { isAbsolute } from 'node:path';

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

export class ShellArgumentError extends Error {
  override name = 'ShellArgumentError';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function shellCommand(input: ShellArgsInput): { command: string; args: string[] } {
  const { command, before } = BINARIES[input.app];
  if (!isAbsolute(input.script))
    throw new ShellArgumentError(`script "${input.script}" must be an absolute path inside the working copy`);
  const pairs = (vars: Record<string, unknown>) =>
    Object.entries(vars)
      .filter(([k]) => k !== 'semaphore_vars')
      .map(([k, v]) => {
        if (!IDENTIFIER.test(k))
          throw new ShellArgumentError(
            `extra var name ${JSON.stringify(k)} must be an identifier to be passed as name=value`,
          );
        return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
      });
  return {
    command,
    args: [...before, input.script, ...input.templateArgs, ...pairs(input.extraVars), ...input.taskArgs],
  };
}
