// What a worker (or runner) checks before it takes tasks: who tasks will run as, that the task
// root is sound, and that the task user can run the tools setup installed. A problem here stops
// the worker with a message saying what to do, instead of every task failing mysteriously.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { toolPaths, type Config } from '../config/index.ts';
import { asTaskUser, taskRunAs, taskUserCanRun, TaskUserError, type RunAs } from '../security/task-user.ts';
import { ensureTaskRoot, TaskRootError } from './task-root.ts';

/** What tasks run from the tools folders; python3 is run (`-c ''`), which proves its standard library is reachable too. */
const TOOLS: Array<[string, string[] | undefined]> = [
  ['ansible-playbook', undefined],
  ['ansible-galaxy', undefined],
  ['python3', ['-c', '']],
];

/** Throws TaskUserError / TaskRootError; returns the RunAs tasks will use. */
export function checkTaskHost(config: Config): RunAs {
  const runAs = taskRunAs(config);
  ensureTaskRoot(config.taskRoot);
  if (!runAs.user) return runAs;
  if (!taskUserCanEnter(runAs, config.taskRoot)) {
    throw new TaskRootError(
      `SIGNALMAN_TMP_PATH: tasks run as ${runAs.user.name} (uid ${runAs.user.uid}), who cannot pass through ${config.taskRoot}: ` +
        'choose a task root outside the data folder and outside private folders such as /root',
    );
  }
  for (const dir of toolPaths(config)) {
    for (const [tool, probe] of TOOLS) {
      const file = resolve(dir, tool);
      if (existsSync(file) && !taskUserCanRun(runAs, file, probe)) {
        throw new TaskUserError(
          `SIGNALMAN_TASK_USER: tasks run as ${runAs.user.name} (uid ${runAs.user.uid}), who cannot run ${file}: ` +
            'every folder above it must be traversable by that user (e.g. chmod o+x on each), or install Signalman outside a private home folder such as /root',
        );
      }
    }
  }
  return runAs;
}

function taskUserCanEnter(runAs: RunAs, dir: string): boolean {
  const { command, args } = asTaskUser(runAs, 'test', ['-x', dir]);
  return spawnSync(command, args, { env: { PATH: '/usr/bin:/bin' }, stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** One line for the start-up log. */
export function describeTaskHost(config: Config, runAs: RunAs): string {
  const uid = process.getuid?.();
  const who = runAs.user
    ? `as ${runAs.user.name} (uid ${runAs.user.uid})`
    : uid === 0
      ? 'as root (SIGNALMAN_TASK_USER=root): tasks can read the data folder, the database and the encryption key'
      : `as this process's user (uid ${uid ?? '?'}), who can read the data folder: run Signalman as root to run tasks as an unprivileged user`;
  const nnp = runAs.setpriv ? 'with no_new_privs' : 'without no_new_privs (setpriv from util-linux is not installed)';
  return `tasks run ${who} ${nnp}, in ${config.taskRoot}`;
}
