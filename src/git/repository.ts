// Repository kinds and working copies (semaphore-behaviour.md §1.8, §3.4).
// Each task gets a clone of its own; absolute local paths are used in place, as upstream does.
import { existsSync } from 'node:fs';
import fs from 'node:fs';
import { join } from 'node:path';
import { formatDuration } from '../config/duration.ts';
import { RunningProcess } from '../executors/process.ts';
import git from 'isomorphic-git';
import type { RunAs } from '../security/task-user.ts';

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

export interface GitLimits {
  /** How long one git command may run before it is ended (SIGNALMAN_GIT_TIMEOUT). */
  timeoutMs: number;
  /** Aborting ends the running git command, and every process it started, at once. */
  signal?: AbortSignal;
  /** Hears each git process as it starts (its process group id, for the leftovers reaper). */
  onStart?: (pgid: number) => void;
  /** Who git runs as: the task's user (src/security/task-user.ts). */
  runAs?: RunAs;
}

export interface WorkingCopyRequest extends GitLimits {
  url: string;
  branch: string;
  commitHash?: string | null;
  /** Folder to clone into; unused for local repositories. */
  dest: string;
  env: Record<string, string>;
  log: (line: string) => void;
}

export interface WorkingCopy {
  dir: string;
  commitHash: string | null;
  commitMessage: string;
}

export class GitError extends Error {}
/** The git command ran longer than SIGNALMAN_GIT_TIMEOUT and was ended. */
export class GitTimeoutError extends GitError {}
/** The git command was ended because the task was stopped. */
export class GitStoppedError extends GitError {}

export async function prepareWorkingCopy(req: WorkingCopyRequest): Promise<WorkingCopy> {
  const env = { ...req.env, GIT_TERMINAL_PROMPT: '0' };
  if (repositoryKind(req.url) === 'local') {
    if (!existsSync(req.url)) throw new GitError(`local repository ${req.url} does not exist`);
    return { dir: req.url, ...(await headCommit(req.url)) };
  }
  req.log(`Cloning Repository ${displayUrl(req.url)}`);
  if (req.commitHash && !/^[0-9a-f]{4,64}$/i.test(req.commitHash))
    throw new GitError(`commit_hash "${req.commitHash}" is not a commit hash`);
  const args = ['clone'];
  if (req.branch) args.push(`--branch=${req.branch}`);
  args.push('--', req.url, req.dest);
  await gitOrFail(args, env, req.log, req);
  if (req.commitHash) await gitOrFail(['-C', req.dest, 'checkout', '--detach', req.commitHash], env, req.log, req);
  // Submodules as `clone --recursive` brings them (upstream), at the commit checked out; asked
  // for only when the repository has any, which saves most tasks a git process or two.
  if (existsSync(join(req.dest, '.gitmodules'))) {
    await gitOrFail(['-C', req.dest, 'submodule', 'update', '--init', '--recursive'], env, req.log, req);
  }
  return { dir: req.dest, ...(await headCommit(req.dest)) };
}

const subcommand = (args: string[]) => (args[0] === '-C' ? args[2] : args[0]);

/** Output kept of a git command (for the log when it fails): its first lines, never all of a flood. */
const KEPT_OUTPUT_LINES = 200;

/**
 * Runs git in a process group of its own, like an app process (src/executors/process.ts): ended
 * with everything it started when `limits.signal` aborts or after `limits.timeoutMs`.
 */
async function runGit(args: string[], env: Record<string, string>, limits: GitLimits, cwd = '/') {
  const name = subcommand(args);
  if (limits.signal?.aborted) throw new GitStoppedError(`git ${name} was not started: the task was stopped`);
  const output: string[] = [];
  const proc = new RunningProcess({ command: 'git', args, cwd, env, runAs: limits.runAs }, (text) => {
    if (output.length < KEPT_OUTPUT_LINES) output.push(displayUrl(text));
  });
  limits.onStart?.(proc.pid);
  let ending: Promise<void> = Promise.resolve();
  let timedOut = false;
  const end = () => (ending = proc.stop(true));
  const timer = setTimeout(() => {
    timedOut = true;
    end();
  }, limits.timeoutMs);
  limits.signal?.addEventListener('abort', end);
  try {
    const result = await proc.done.catch((err: Error) => {
      throw new GitError(`git ${name} could not be started: ${err.message}`);
    });
    await ending; // nothing git started is left when this returns
    if (timedOut)
      throw new GitTimeoutError(
        `git ${name} timed out after ${formatDuration(limits.timeoutMs)} (SIGNALMAN_GIT_TIMEOUT) and was ended`,
      );
    if (limits.signal?.aborted) throw new GitStoppedError(`git ${name} was ended: the task was stopped`);
    return { ...result, output };
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', end);
  }
}

async function gitOrFail(
  args: string[],
  env: Record<string, string>,
  log: (line: string) => void,
  limits: GitLimits,
): Promise<string[]> {
  const res = await runGit(args, env, limits);
  if (res.exitCode !== 0) {
    for (const line of res.output.filter(Boolean)) log(line);
    const how = res.signal ? `killed by ${res.signal}` : `exit code ${res.exitCode}`;
    throw new GitError(`git ${subcommand(args)} failed (${how})`);
  }
  return res.output;
}

/**
 * The commit checked out and its subject, read from the files (isomorphic-git): no process, no
 * network, nothing that can wait on a remote.
 */
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
export async function remoteHead(
  url: string,
  branch: string,
  env: Record<string, string>,
  limits: GitLimits,
): Promise<string | null> {
  if (branch.startsWith('-') || url.startsWith('-')) throw new GitError('branch and URL must not start with "-"');
  const res = await runGit(
    ['ls-remote', '--', url, branch ? `refs/heads/${branch}` : 'HEAD'],
    { ...env, GIT_TERMINAL_PROMPT: '0' },
    limits,
  );
  if (res.exitCode !== 0) {
    const detail = res.output.filter(Boolean).join('; ');
    throw new GitError(`git ls-remote failed (exit code ${res.exitCode}): ${detail}`);
  }
  for (const line of res.output) {
    const m = /^([0-9a-f]{40,64})\s/.exec(line);
    if (m) return m[1];
  }
  return null;
}
