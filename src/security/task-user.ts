// Who task processes run as. When Signalman runs as root, every process of a task (the app, and
// the git, ssh-agent, ssh-add and ansible-galaxy processes started for it) runs as an unprivileged
// user through util-linux's `setpriv`, which also sets no_new_privs (Node's spawn cannot), so
// setuid programs cannot give a task its privileges back. Not as root, processes keep the server's
// user, and still get no_new_privs when setpriv is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Config } from '../config/index.ts';

export const DEFAULT_TASK_USER = 'signalman-task';

const SETPRIV_PATHS = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv', '/sbin/setpriv'];

export interface TaskIdentity {
  name: string;
  uid: number;
  gid: number;
}

/** How task processes are started: `user` to switch to (null: stay), `setpriv` to do it with. */
export interface RunAs {
  user: TaskIdentity | null;
  setpriv: string | null;
}

export class TaskUserError extends Error {}

export function findSetpriv(): string | null {
  return SETPRIV_PATHS.find((p) => existsSync(p)) ?? null;
}

/** A passwd entry by name or uid (through NSS, so LDAP users count), or null. */
export function lookupUser(nameOrUid: string): TaskIdentity | null {
  const res = spawnSync('getent', ['passwd', nameOrUid], { encoding: 'utf8' });
  const line = res.status === 0 ? res.stdout.split('\n')[0] : '';
  const [name, , uid, gid] = line.split(':');
  if (name && /^\d+$/.test(uid ?? '') && /^\d+$/.test(gid ?? '')) return { name, uid: Number(uid), gid: Number(gid) };
  return null;
}

/**
 * Reads SIGNALMAN_TASK_USER (a name or a uid; default signalman-task). As root, the user must
 * exist and setpriv must be installed, else TaskUserError says what to do; `root` (or 0) is the
 * operator's explicit choice to run tasks as root.
 */
export function resolveRunAs(setting: string, serverUid: number = process.getuid?.() ?? -1): RunAs {
  const setpriv = findSetpriv();
  if (serverUid !== 0) return { user: null, setpriv };
  const wanted = setting.trim() || DEFAULT_TASK_USER;
  if (wanted === 'root' || wanted === '0') return { user: null, setpriv };
  if (!setpriv) {
    throw new TaskUserError(
      'SIGNALMAN_TASK_USER: Signalman runs as root but setpriv (util-linux) is not installed, so tasks cannot be run as an unprivileged user: install util-linux, or run Signalman as an unprivileged user',
    );
  }
  // A uid needs a passwd entry too: ssh, for one, refuses to run for a user it cannot look up.
  const user = lookupUser(wanted);
  if (!user) {
    const hint =
      wanted === DEFAULT_TASK_USER
        ? `run \`npm run setup\` as root (it creates it), or create it: useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${DEFAULT_TASK_USER}`
        : `create it, or set SIGNALMAN_TASK_USER to an existing user`;
    throw new TaskUserError(
      `SIGNALMAN_TASK_USER: the user "${wanted}" that tasks run as does not exist: ${hint} (SIGNALMAN_TASK_USER=root runs tasks as root, which gives every task the server's secrets)`,
    );
  }
  if (user.uid === 0) return { user: null, setpriv };
  return { user, setpriv };
}

const resolved = new Map<string, RunAs>();

/** The worker's RunAs, resolved once per setting (a passwd lookup per task would be wasted). */
export function taskRunAs(config: Pick<Config, 'taskUser'>): RunAs {
  let runAs = resolved.get(config.taskUser);
  if (!runAs) {
    runAs = resolveRunAs(config.taskUser);
    resolved.set(config.taskUser, runAs);
  }
  return runAs;
}

/** The command line that starts `command args` as `runAs` says: the one place identities switch. */
export function asTaskUser(
  runAs: RunAs | undefined,
  command: string,
  args: string[],
): { command: string; args: string[] } {
  if (!runAs?.setpriv) return { command, args };
  const identity = runAs.user
    ? ['--reuid', String(runAs.user.uid), '--regid', String(runAs.user.gid), '--clear-groups']
    : [];
  return { command: runAs.setpriv, args: [...identity, '--no-new-privs', '--', command, ...args] };
}

/**
 * Whether the task user can run `file`: a script must be readable and executable (every folder
 * above it traversable); an interpreter (`probe` given) is run with those arguments, which also
 * proves that its libraries can be reached.
 */
export function taskUserCanRun(runAs: RunAs, file: string, probe?: string[]): boolean {
  const { command, args } = probe
    ? asTaskUser(runAs, file, probe)
    : asTaskUser(runAs, 'test', ['-r', file, '-a', '-x', file]);
  return spawnSync(command, args, { env: { PATH: '/usr/bin:/bin' }, stdio: 'ignore', timeout: 10_000 }).status === 0;
}
