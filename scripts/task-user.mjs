// The user tasks run as when Signalman runs as root (src/security/task-user.ts): a system user with
// no login shell, created by setup when it runs as root, only for the default name (a user named in
// SIGNALMAN_TASK_USER is the operator's own), and only when it is missing. Idempotent.
//
// Its home, /var/lib/signalman-task, belongs to root: ansible's local connection makes its temporary
// folders under `~signalman-task/.ansible/tmp` (the passwd home, not $HOME), so that one folder is
// the task user's; nothing else there is writable by tasks, so no task can leave a ~/.ssh/config or
// similar behind for the tasks of other projects (ssh reads the passwd home too). Each task's HOME
// is its own folder.
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';

export const TASK_USER = 'signalman-task';
export const TASK_HOME = `/var/lib/${TASK_USER}`;

function passwdEntry(run, name) {
  const res = run('getent', ['passwd', name], { capture: true });
  if (!res.ok) return null;
  const [, , uid, gid, , home] = res.output.trim().split(':');
  return { uid: Number(uid), gid: Number(gid), home };
}

function createUser(run, say) {
  say(`creating the system user ${TASK_USER} that tasks run as`);
  const nologin = ['/usr/sbin/nologin', '/sbin/nologin', '/bin/false'].find((f) => existsSync(f)) ?? '/bin/false';
  const args = ['--system', '--user-group', '--no-create-home', '--home-dir', TASK_HOME, '--shell', nologin, TASK_USER];
  const made = run('useradd', args, { capture: true });
  if (made.ok) return true;
  console.error(
    `[setup] could not create the user ${TASK_USER} (${made.output.trim() || 'useradd failed'}).\n` +
      `[setup] Signalman runs as root here and will not run tasks until that user exists: create it\n` +
      `[setup] (useradd ${args.join(' ')}),\n` +
      `[setup] or set SIGNALMAN_TASK_USER to an existing unprivileged user.`,
  );
  return false;
}

/** root:root 0755 home with only .ansible/tmp (0700) the task user's. */
function prepareHome(user) {
  for (const dir of [TASK_HOME, `${TASK_HOME}/.ansible`]) {
    mkdirSync(dir, { recursive: true });
    chownSync(dir, 0, 0);
    chmodSync(dir, 0o755);
  }
  const tmp = `${TASK_HOME}/.ansible/tmp`;
  mkdirSync(tmp, { recursive: true });
  chownSync(tmp, user.uid, user.gid);
  chmodSync(tmp, 0o700);
}

/**
 * The task user must run ansible from .tools/venv: say now, not at the first task, when it cannot.
 * A check that passed is not repeated (stamp) until the user or the venv's Python changes.
 */
function checkTools(run, venv, name, user, { stamped, stamp }) {
  const python = run('readlink', ['-f', `${venv}/bin/python3`], { capture: true }).output.trim();
  const checked = `${user.uid}:${user.gid}:${python}`;
  if (stamped('task-user', checked)) return;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => existsSync(f));
  if (!setpriv) {
    console.error(
      '[setup] setpriv (util-linux) is not installed: as root, Signalman needs it to run tasks as an unprivileged user',
    );
    return;
  }
  const probe = run(
    setpriv,
    [
      '--reuid',
      String(user.uid),
      '--regid',
      String(user.gid),
      '--clear-groups',
      '--',
      `${venv}/bin/python3`,
      '-c',
      'import ansible',
    ],
    { capture: true },
  );
  if (probe.ok) {
    stamp('task-user', checked);
    return;
  }
  console.error(
    `[setup] tasks run as ${name}, who cannot run .tools/venv/bin/python3 with ansible:\n${probe.output.trim()}\n` +
      `[setup] its Python (${python}) sits in a folder that user cannot enter (pyenv under /root, say).\n` +
      `[setup] Rebuild the venv from a Python others can run: rm -rf .tools/venv && SIGNALMAN_PYTHON=/usr/bin/python3 npm run setup\n` +
      `[setup] (or make the folders above it traversable, e.g. chmod o+x /root). Until then a worker refuses to start.`,
  );
}

export function ensureTaskUser({ run, say, venv, stamped, stamp }) {
  if (process.getuid?.() !== 0) return;
  const wanted = process.env.SIGNALMAN_TASK_USER || TASK_USER;
  if (wanted === 'root' || wanted === '0') return;
  if (wanted === TASK_USER) {
    if (!passwdEntry(run, TASK_USER) && !createUser(run, say)) return;
    const user = passwdEntry(run, TASK_USER);
    if (user?.home === TASK_HOME) prepareHome(user);
  }
  const user = passwdEntry(run, wanted);
  if (user) checkTools(run, venv, wanted, user, { stamped, stamp });
}
