// Repository kinds and working copies (semaphore-behaviour.md §1.8, §3.4).
// Each task gets a clone of its own; absolute local paths are used in place, as upstream does.
import { existsSync } from 'node:fs';
import fs from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import git from 'isomorphic-git';
import { asTaskUser, type RunAs } from '../security/task-user.ts';

export type RepositoryKind = 'local' | 'https' | 'ssh' | 'file' | 'git';

export function repositoryKind(url: string): RepositoryKind {
  if (url.startsWith('/')) return 'local';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return 'ssh';
  if (scheme === 'http' || scheme === 'https') return 'https';
  if (scheme === 'file' || scheme === 'git' || scheme === 'ssh') return scheme;
  return 'ssh';
}

/** The URL as it may appear in logs: any user:password@ part removed. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

export interface WorkingCopyRequest {
  url: string;
  branch: string;
  commitHash?: string | null;
  /** Folder to clone into; unused for local repositories. */
  dest: string;
  env: Record<string, string>;
  log: (line: string) => void;
  /** Who git runs as: the task's user (src/security/task-user.ts). */
  runAs?: RunAs;
}

export interface WorkingCopy {
  dir: string;
  commitHash: string | null;
  commitMessage: string;
}

export class GitError extends Error {}

export async function prepareWorkingCopy(req: WorkingCopyRequest): Promise<WorkingCopy> {
  const env = { ...req.env, GIT_TERMINAL_PROMPT: '0' };
  if (repositoryKind(req.url) === 'local') {
    if (!existsSync(req.url)) throw new GitError(`local repository ${req.url} does not exist`);
    return { dir: req.url, ...(await headCommit(req.url)) };
  }
  req.log(`Cloning Repository ${displayUrl(req.url)}`);
  if (req.commitHash && !/^[0-9a-f]{4,64}$/i.test(req.commitHash)) throw new GitError(`commit_hash "${req.commitHash}" is not a commit hash`);
  const args = ['clone'];
  if (req.branch) args.push(`--branch=${req.branch}`);
  args.push('--', req.url, req.dest);
  await runGit(args, env, req.log, req.runAs);
  if (req.commitHash) await runGit(['-C', req.dest, 'checkout', '--detach', req.commitHash], env, req.log, req.runAs);
  // Submodules as `clone --recursive` brings them (upstream), at the commit checked out; asked
  // for only when the repository has any, which saves most tasks a git process or two.
  if (existsSync(join(req.dest, '.gitmodules'))) {
    await runGit(['-C', req.dest, 'submodule', 'update', '--init', '--recursive'], env, req.log, req.runAs);
  }
  return { dir: req.dest, ...(await headCommit(req.dest)) };
}

async function runGit(args: string[], env: Record<string, string>, log: (line: string) => void, runAs?: RunAs): Promise<void> {
  const gitCommand = asTaskUser(runAs, 'git', args);
  const res = await execa(gitCommand.command, gitCommand.args, { env, extendEnv: false, reject: false, all: true, stdin: 'ignore' });
  if (res.exitCode !== 0) {
    const detail = String(res.all ?? '').split('\n').map(displayUrl).filter(Boolean);
    for (const line of detail) log(line);
    throw new GitError(`git ${args[0] === '-C' ? args[2] : args[0]} failed (exit code ${res.exitCode})`);
  }
}

async function headCommit(dir: string): Promise<Omit<WorkingCopy, 'dir'>> {
  try {
    const oid = await git.resolveRef({ fs, dir, ref: 'HEAD' });
    const { commit } = await git.readCommit({ fs, dir, oid });
    return { commitHash: oid, commitMessage: commit.message.split('\n')[0].slice(0, 100) };
  } catch {
    return { commitHash: null, commitMessage: '' };
  }
}

/**
 * The commit `branch` points at in the repository at `url` (`git ls-remote`), without cloning:
 * how a "run on new commit" schedule notices a change. Null when the branch does not exist.
 */
export async function remoteHead(url: string, branch: string, env: Record<string, string>, runAs?: RunAs): Promise<string | null> {
  if (branch.startsWith('-') || url.startsWith('-')) throw new GitError('branch and URL must not start with "-"');
  const lsRemote = asTaskUser(runAs, 'git', ['ls-remote', '--', url, branch ? `refs/heads/${branch}` : 'HEAD']);
  const res = await execa(lsRemote.command, lsRemote.args, {
    env: { ...env, GIT_TERMINAL_PROMPT: '0' }, extendEnv: false, reject: false, all: true, stdin: 'ignore',
  });
  if (res.exitCode !== 0) {
    const detail = String(res.all ?? '').split('\n').map(displayUrl).filter(Boolean).join('; ');
    throw new GitError(`git ls-remote failed (exit code ${res.exitCode}): ${detail}`);
  }
  return /^([0-9a-f]{40,64})\s/m.exec(String(res.stdout))?.[1] ?? null;
}
