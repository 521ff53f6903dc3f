// The head commit of a project's repository, read with the repository's own key, for "run on new
// commit" schedules. The key's files and agents live in a private folder removed right after.
import { resolve } from 'node:path';
import { Context } from '@temporalio/activity';
import type { Config } from '../config/index.ts';
import { childPath } from '../config/index.ts';
import type { Db } from '../store/db.ts';
import { findKeyOfProject } from '../store/access-keys.ts';
import { findRepository } from '../store/repositories.ts';
import { readSecret } from '../security/access-key-crypto.ts';
import type { DecodedKey } from '../tasks/run-job.ts';
import { gitAuthEnv } from '../git/credentials.ts';
import { remoteHead } from '../git/repository.ts';
import { TaskWorkspace } from '../tasks/workspace.ts';
import { ensureTaskRoot } from '../tasks/task-root.ts';
import { taskRunAs } from '../security/task-user.ts';

/** The running activity's cancellation (a worker shutdown ends its ls-remote); none outside one. */
function activityCancellation(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

export async function repositoryHead(
  db: Db,
  config: Config,
  projectId: number,
  repositoryId: number,
  encryptionKey: Buffer | null,
): Promise<string | null> {
  const repository = await findRepository(db, projectId, repositoryId);
  if (!repository) return null; // deleted since: nothing to watch
  const keyRow = repository.ssh_key_id ? await findKeyOfProject(db, projectId, repository.ssh_key_id) : null;
  const key: DecodedKey | null = keyRow
    ? { id: keyRow.id, name: keyRow.name, type: keyRow.type, ...readSecret(keyRow, encryptionKey) }
    : null;
  // git runs as a task would: as the task user, with the repository's key in a folder of its own.
  const runAs = taskRunAs(config);
  const folder = resolve(ensureTaskRoot(config.taskRoot), `watch_repository_${repositoryId}_${process.pid}`);
  const workspace = await TaskWorkspace.create(folder, runAs);
  try {
    const env = {
      PATH: childPath(config),
      HOME: workspace.dir,
      ...(await gitAuthEnv(workspace, repository.git_url, key, { sshConfigPath: config.sshConfigPath })),
    };
    return await remoteHead(repository.git_url, repository.git_branch, env, {
      timeoutMs: config.gitTimeoutMs,
      signal: activityCancellation(),
      runAs,
    });
  } finally {
    await workspace.cleanup();
  }
}
