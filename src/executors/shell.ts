// Command lines of the shell-like apps (semaphore-behaviour.md §3.7): bash, python, powershell,
// pulumi and the apps admins add. The app's executable and arguments (`apps.<id>.path`,
// `apps.<id>.args`), then the script, template arguments, `name=value` per extra var (except
// semaphore_vars), then task arguments. Unlike upstream, secret vars are not arguments (they would
// show in `ps`): the run passes them as environment variables of the same name.
// No argument can become an option of the interpreter: the script is an absolute path (so "-c",
// "-m" or "--rcfile" cannot be a script; pwsh gets it after -File), everything after it belongs
// to the script, and extra var names must be identifiers. Only admins choose the executable.
import { isAbsolute } from 'node:path';
import type { AppCommand } from '../domain/app-commands.ts';

export const SHELL_APPS = ['bash', 'python', 'powershell'] as const;
export type ShellApp = (typeof SHELL_APPS)[number];

export function isShellApp(app: string): app is ShellApp {
  return (SHELL_APPS as readonly string[]).includes(app);
}

export interface ShellArgsInput {
  /** The app's executable and the arguments before the script. */
  app: AppCommand;
  script: string;
  templateArgs: string[];
  extraVars: Record<string, unknown>;
  taskArgs: string[];
}

export class ShellArgumentError extends Error {
  override name = 'ShellArgumentError';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function shellCommand(input: ShellArgsInput): { command: string; args: string[] } {
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
    command: input.app.path,
    args: [...input.app.args, input.script, ...input.templateArgs, ...pairs(input.extraVars), ...input.taskArgs],
  };
}
