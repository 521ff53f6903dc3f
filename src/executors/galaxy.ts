// Galaxy requirements (semaphore-behaviour.md §3.5): roles and collections are installed with
// ansible-galaxy only when the requirements file changed since the last install for the template.
// Installs go to a per-template cache in the task root (outside the owner-only data folder), so
// per-task working copies can share them. The template's folder and the hash files belong to the
// server; the roles and collections folders to the task user, as whom ansible-galaxy runs.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { RunAs } from '../security/task-user.ts';
import { giveToTaskUser, serverFolder } from '../tasks/task-root.ts';
import { RunningProcess } from './process.ts';
import { existingFileInside } from './working-copy-path.ts';

export interface GalaxyPaths {
  rolesPath: string;
  collectionsPath: string;
}

export function galaxyCache(taskRoot: string, templateId: number): GalaxyPaths {
  const base = resolve(taskRoot, 'galaxy', `template_${templateId}`);
  return { rolesPath: resolve(base, 'roles'), collectionsPath: resolve(base, 'collections') };
}

export function requirementFiles(repoDir: string, playbook: string, kind: 'role' | 'collection'): string[] {
  const playbookDir = dirname(resolve(repoDir, playbook));
  const sub = kind === 'role' ? 'roles' : 'collections';
  const dirs = [...new Set([playbookDir, repoDir])];
  return dirs.flatMap((d) => [resolve(d, sub, 'requirements.yml'), resolve(d, 'requirements.yml')]);
}

export async function installRequirements(opts: {
  repoDir: string;
  playbook: string;
  paths: GalaxyPaths;
  env: Record<string, string>;
  log: (line: string) => void;
  runAs?: RunAs;
  /** Aborting ends ansible-galaxy and every process it started (a stop of the task). */
  signal?: AbortSignal;
}): Promise<void> {
  for (const kind of ['collection', 'role'] as const) {
    const found = requirementFiles(opts.repoDir, opts.playbook, kind).find((f) => existsSync(f));
    if (!found) {
      opts.log(`No ${kind} requirements file found. Skip galaxy install process.`);
      continue;
    }
    // A link out of the working copy would have ansible-galaxy read a file of the server.
    const file = existingFileInside(opts.repoDir, relative(opts.repoDir, found), `${kind} requirements file`);
    const target = kind === 'role' ? opts.paths.rolesPath : opts.paths.collectionsPath;
    const hashFile = `${target}.${kind}.md5`;
    const hash = createHash('md5')
      .update(await readFile(file))
      .digest('hex');
    if (existsSync(hashFile) && (await readFile(hashFile, 'utf8')) === hash && existsSync(target)) {
      opts.log(`${kind} requirements have no changes. Skip galaxy install process.`);
      continue;
    }
    await serverFolder(dirname(target), 0o711);
    if (!existsSync(target)) {
      await mkdir(target, { mode: 0o700 });
      await giveToTaskUser(target, opts.runAs);
    }
    opts.log(`Installing ${kind}s from ${file.slice(opts.repoDir.length + 1)}`);
    const pathFlag = kind === 'role' ? '--roles-path' : '--collections-path';
    const proc = new RunningProcess(
      {
        command: 'ansible-galaxy',
        args: [kind, 'install', '-r', file, '--force', pathFlag, target],
        cwd: opts.repoDir,
        env: opts.env,
        runAs: opts.runAs,
      },
      opts.log,
    );
    let ending: Promise<void> = Promise.resolve();
    const end = () => (ending = proc.stop(true));
    opts.signal?.addEventListener('abort', end);
    if (opts.signal?.aborted) end();
    const result = await proc.done.finally(() => opts.signal?.removeEventListener('abort', end));
    await ending; // nothing it started is left
    if (opts.signal?.aborted) throw new Error(`ansible-galaxy ${kind} install was ended: the task was stopped`);
    if (result.exitCode !== 0) throw new Error(`ansible-galaxy ${kind} install failed (exit code ${result.exitCode})`);
    await writeFile(hashFile, hash);
  }
}
