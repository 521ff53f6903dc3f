// Credentials for git at run time, never on a command line, in a log or in .git/config:
// ssh keys go into a task ssh-agent; a login/password for https is answered through GIT_ASKPASS
// by a script that reads owner-only files in the task's private folder.
import { existsSync } from 'node:fs';
import type { DecodedKey } from '../tasks/run-job.ts';
import { startSshAgent } from '../security/ssh-agent.ts';
import type { TaskWorkspace } from '../tasks/workspace.ts';
import { repositoryKind } from './repository.ts';

export const SSH_COMMAND = 'ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes';

/** git's ssh command: with SIGNALMAN_SSH_PATH, `-F <file>` (the path is quoted; config refuses quotes in it). */
export function gitSshCommand(sshConfigPath?: string): string {
  return sshConfigPath ? `${SSH_COMMAND} -F '${sshConfigPath}'` : SSH_COMMAND;
}

export interface GitAuthOptions {
  /** Names this clone's agent and files (a task clones its inventory's repository beside its own). */
  label?: string;
  /** SIGNALMAN_SSH_PATH: an ssh config file for git's ssh. */
  sshConfigPath?: string;
}

export async function gitAuthEnv(
  workspace: TaskWorkspace,
  url: string,
  key: DecodedKey | null,
  options: GitAuthOptions = {},
): Promise<Record<string, string>> {
  const label = options.label ?? 'git';
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0' };
  if (workspace.runAs?.user && !existsSync(workspace.path('.gitconfig'))) {
    // git as the task user refuses repositories of other owners ("dubious ownership"), such as a
    // file:// or local repository of root's. That check shields a user from another's
    // .git/config; the task user runs the task's code anyway, so it has nothing to shield. In the
    // task's HOME, so that the git that ansible-galaxy runs for requirements reads it too.
    await workspace.privateFile('.gitconfig', '[safe]\n\tdirectory = *\n');
  }
  const kind = repositoryKind(url);
  if (kind === 'ssh') env.GIT_SSH_COMMAND = gitSshCommand(options.sshConfigPath);
  if (!key) return env;
  if (key.type === 'ssh' && key.private_key && kind === 'ssh') {
    env.SSH_AUTH_SOCK = await startSshAgent(
      workspace,
      { private_key: key.private_key, passphrase: key.passphrase },
      label,
    );
  }
  if (key.type === 'login_password' && key.password && kind === 'https') {
    const login = await workspace.secretFile(`${label}-login`, key.login ?? '');
    const password = await workspace.secretFile(`${label}-password`, key.password);
    const askpass = await workspace.secretFile(
      `${label}-askpass.sh`,
      `#!/bin/sh\ncase "$1" in\n  Username*) cat '${login}' ;;\n  *) cat '${password}' ;;\nesac\n`,
      0o700,
    );
    env.GIT_ASKPASS = askpass;
  }
  return env;
}
