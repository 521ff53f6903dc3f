// An ssh-agent per task, listening on a socket in the task's private folder, loaded with a key
// (and its passphrase, given through SSH_ASKPASS from an owner-only file, never on a command line).
// The agent and ssh-add run as the task's user (src/security/task-user.ts), so the socket is that
// user's, and nothing in the task's folder is ever run as root. The agent gets PATH only: its
// environment is readable by anything running as the same user.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { execa } from 'execa';
import { asTaskUser, type RunAs } from './task-user.ts';

/** What the agent needs of the task's private folder (src/tasks/workspace.ts's TaskWorkspace). */
export interface AgentFolder {
  readonly runAs: RunAs | undefined;
  path(...parts: string[]): string;
  secretFile(label: string, content: string, mode?: number): Promise<string>;
  onCleanup(fn: () => Promise<void> | void): void;
}

export interface SshKeyMaterial {
  private_key: string;
  passphrase?: string;
}

export async function startSshAgent(workspace: AgentFolder, key: SshKeyMaterial, label: string): Promise<string> {
  const socket = workspace.path(`agent-${label}.sock`);
  const path = process.env.PATH ?? '/usr/bin:/bin';
  const agentCommand = asTaskUser(workspace.runAs, 'ssh-agent', ['-D', '-a', socket]);
  const agent = spawn(agentCommand.command, agentCommand.args, {
    stdio: 'ignore',
    detached: true,
    env: { PATH: path },
  });
  workspace.onCleanup(() => {
    try {
      process.kill(-agent.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (agent.exitCode !== null) throw new Error('ssh-agent could not start');
    if (Date.now() > deadline) throw new Error('ssh-agent did not open its socket within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const keyFile = await workspace.secretFile(
    `${label}.key`,
    key.private_key.endsWith('\n') ? key.private_key : `${key.private_key}\n`,
  );
  const env: Record<string, string> = { SSH_AUTH_SOCK: socket, PATH: path };
  if (key.passphrase) {
    const passFile = await workspace.secretFile(`${label}.pass`, key.passphrase);
    const askpass = await workspace.secretFile(`${label}-askpass.sh`, `#!/bin/sh\ncat '${passFile}'\n`, 0o700);
    Object.assign(env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'none' });
  }
  const add = asTaskUser(workspace.runAs, 'ssh-add', [keyFile]);
  const res = await execa(add.command, add.args, { env, extendEnv: false, reject: false, all: true, stdin: 'ignore' });
  await rm(keyFile, { force: true }); // the agent holds it now
  if (res.exitCode !== 0)
    throw new Error(
      `the ssh key could not be loaded (wrong passphrase or not a private key): ${String(res.all).split('\n')[0]}`,
    );
  return socket;
}
