// A task's private folder: working copy, inventory, key and password files, and the ssh-agents
// started for the run. cleanup() removes all of it whatever the outcome.
//
// Layout, under the task root: `task_<id>/` belongs to the server (0711) and holds the markers
// of src/tasks/leftovers.ts, which the task cannot touch; `task_<id>/work/` (this.dir, the task's
// HOME) belongs to the user tasks run as, 0700, and so does everything the server writes into it.
import { mkdir, open, rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { RunAs } from '../security/task-user.ts';
import { giveToTaskUser, serverFolder } from './task-root.ts';

export class TaskWorkspace {
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private counter = 0;
  /** The task's own folder: working copy, secrets, agent sockets; its HOME. */
  readonly dir: string;

  private constructor(
    readonly folder: string,
    readonly runAs: RunAs | undefined,
  ) {
    this.dir = resolve(folder, 'work');
  }

  /** `folder` is removed first if it exists; `runAs` says who the task's processes run as. */
  static async create(folder: string, runAs?: RunAs): Promise<TaskWorkspace> {
    await rm(folder, { recursive: true, force: true });
    await serverFolder(folder, 0o711);
    const ws = new TaskWorkspace(folder, runAs);
    for (const dir of [ws.dir, resolve(ws.dir, 'secrets')]) {
      await mkdir(dir, { mode: 0o700 });
      await giveToTaskUser(dir, runAs);
    }
    return ws;
  }

  path(...parts: string[]): string {
    return resolve(this.dir, ...parts);
  }

  /** Writes `content` to a new owner-only file under secrets/ (mode 0700 for a script) and returns its path. */
  async secretFile(label: string, content: string, mode = 0o600): Promise<string> {
    return this.privateFile(`secrets/${++this.counter}-${label.replace(/[^a-z0-9_.-]/gi, '_')}`, content, mode);
  }

  /**
   * Writes a new file (never through a link: O_EXCL) that only the task's user can read, `mode`
   * 0600 or 0700 for a script, and returns its path.
   */
  async privateFile(relative: string, content: string, mode = 0o600): Promise<string> {
    const file = this.path(relative);
    const handle = await open(file, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.chmod(mode);
      if (this.runAs?.user) await handle.chown(this.runAs.user.uid, this.runAs.user.gid);
    } finally {
      await handle.close();
    }
    return file;
  }

  onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  /** Idempotent: the run cleans up before it reports its final status, and again in `finally`. */
  async cleanup(): Promise<void> {
    const fns = this.cleanups.splice(0).reverse();
    for (const fn of fns)
      await Promise.resolve()
        .then(fn)
        .catch(() => {});
    await rm(this.folder, { recursive: true, force: true });
  }
}

/**
 * Resolves `relative` inside `root`, refusing absolute paths and anything that climbs out ("..").
 */
export function insideRoot(root: string, relative: string, what: string): string {
  const cleaned = relative.replace(/^\/+/, '');
  const full = resolve(root, cleaned);
  if (full !== resolve(root) && !full.startsWith(resolve(root) + sep)) {
    throw new Error(`${what} "${relative}" must stay inside the repository`);
  }
  return full;
}
