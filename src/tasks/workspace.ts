// A task's private folder: working copy, inventory, key and password files, all owner-only,
// and the ssh-agents started for the run. cleanup() removes all of it whatever the outcome.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

export class TaskWorkspace {
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private counter = 0;

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<TaskWorkspace> {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await mkdir(resolve(dir, 'secrets'), { mode: 0o700 });
    return new TaskWorkspace(dir);
  }

  path(...parts: string[]): string {
    return resolve(this.dir, ...parts);
  }

  /** Writes `content` to a new owner-only file under secrets/ and returns its path. */
  async secretFile(label: string, content: string): Promise<string> {
    const file = resolve(this.dir, 'secrets', `${++this.counter}-${label.replace(/[^a-z0-9_.-]/gi, '_')}`);
    await writeFile(file, content, { mode: 0o600, flag: 'wx' });
    return file;
  }

  onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  /** Idempotent: the run cleans up before it reports its final status, and again in `finally`. */
  async cleanup(): Promise<void> {
    const fns = this.cleanups.splice(0).reverse();
    for (const fn of fns) await Promise.resolve().then(fn).catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
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
