// The task root: where working copies and the galaxy cache live, outside the owner-only data
// folder so that the task user can reach them. It belongs to the server's user and is 0711: others
// may pass through to a folder of their own but cannot list or create anything in it. It usually
// sits in a world-writable /tmp, so a folder someone else made there in advance is refused.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { chmod, lchown, mkdir } from 'node:fs/promises';
import type { RunAs } from '../security/task-user.ts';

export class TaskRootError extends Error {}

/** Creates the task root (or checks an existing one) and returns it. */
export function ensureTaskRoot(root: string): string {
  mkdirSync(root, { recursive: true, mode: 0o711 });
  const stat = lstatSync(root);
  const uid = process.getuid?.() ?? stat.uid;
  if (!stat.isDirectory())
    throw new TaskRootError(`SIGNALMAN_TMP_PATH: ${root} is not a folder (a symbolic link or a file is there)`);
  if (stat.uid !== uid) {
    throw new TaskRootError(
      `SIGNALMAN_TMP_PATH: ${root} belongs to uid ${stat.uid}, not to Signalman's user (uid ${uid}); remove it or choose another folder`,
    );
  }
  // An existing root (or the umask at creation) may have left it open to listing or writing.
  if ((stat.mode & 0o7777) !== 0o711) chmodSync(root, 0o711);
  return root;
}

/** A folder owned by the server with exactly `mode` (the umask does not apply). */
export async function serverFolder(path: string, mode: number): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  await chmod(path, mode);
}

/** Hands a file or folder the server created over to the task user (nothing to do when tasks keep the server's user). */
export async function giveToTaskUser(path: string, runAs: RunAs | undefined): Promise<void> {
  if (!runAs?.user) return;
  await lchown(path, runAs.user.uid, runAs.user.gid); // lchown: a link planted there never redirects it
}
