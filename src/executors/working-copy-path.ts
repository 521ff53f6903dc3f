// Paths a template or task names inside the working copy (playbook, script, inventory file,
// Terraform directory), checked after checkout: the path must exist there, be of the right kind,
// and stay inside once symlinks are followed. The result is absolute, so that a name such as "-c"
// or "--rcfile" reaches an interpreter as a file, never as an option.
import { realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { insideRoot } from '../tasks/workspace.ts';

export class WorkingCopyPathError extends Error {
  override name = 'WorkingCopyPathError';
}

function existingInside(root: string, relative: string, what: string, kind: 'file' | 'directory'): string {
  if (!relative.trim()) throw new WorkingCopyPathError(`${what} is empty: the template names no ${kind}`);
  let full: string;
  try {
    full = insideRoot(root, relative, what);
  } catch (err) {
    throw new WorkingCopyPathError((err as Error).message);
  }
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    throw new WorkingCopyPathError(`${what} "${relative}" not found in the repository`);
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) {
    throw new WorkingCopyPathError(`${what} "${relative}" leads outside the repository (through a symbolic link)`);
  }
  const stat = statSync(real);
  if (kind === 'file' ? !stat.isFile() : !stat.isDirectory())
    throw new WorkingCopyPathError(`${what} "${relative}" is not a ${kind === 'file' ? 'regular file' : 'directory'}`);
  // The path as named (a link inside the copy keeps its place, e.g. for ansible's playbook_dir).
  return full;
}

/** The absolute path of an existing regular file inside `root`, links included. */
export function existingFileInside(root: string, relative: string, what: string): string {
  return existingInside(root, relative, what, 'file');
}

/** The absolute path of an existing directory inside `root` ("" or "." is `root` itself). */
export function existingDirectoryInside(root: string, relative: string, what: string): string {
  return existingInside(root, relative || '.', what, 'directory');
}
