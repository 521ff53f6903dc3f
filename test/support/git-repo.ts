// Real git repositories for tests, made with the git CLI.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workDir } from './env.ts';

export interface TestRepo {
  path: string;
  url: string;
  head: string;
  commit(files: Record<string, string>, message: string): string;
}

export function makeRepo(files: Record<string, string>, message = 'initial commit', branch = 'main'): TestRepo {
  const path = join(workDir('repo'), 'repo');
  mkdirSync(path, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: path,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    }).trim();
  git('init', '-q', '-b', branch);
  const commit = (more: Record<string, string>, msg: string) => {
    for (const [name, content] of Object.entries(more)) {
      const file = join(path, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      if (name.endsWith('.sh')) chmodSync(file, 0o755);
    }
    git('add', '-A');
    git('commit', '-q', '-m', msg);
    return git('rev-parse', 'HEAD');
  };
  const repo: TestRepo = {
    path,
    url: `file://${path}`,
    head: commit(files, message),
    commit: (f, m) => (repo.head = commit(f, m)),
  };
  return repo;
}
