// Cloning over each transport with the project's keys: ssh with a key (plain and passphrase-
// protected) against a real sshd, https with a login and password against git http-backend,
// git:// against git daemon, and file://; an ssh URL whose host is an alias of the ssh config file
// SIGNALMAN_SSH_PATH names. Credentials never appear in the task's output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workDir } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import {
  sshdAvailable,
  startGitDaemon,
  startGitHttp,
  startSshd,
  type GitDaemon,
  type GitHttpServer,
  type SshServer,
} from './support/git-servers.ts';

describe('git transports with keys', () => {
  let stack: InProcessStack;
  let repo: TestRepo;
  let f: ProjectFixture;
  let ssh: SshServer | undefined;
  let http: GitHttpServer;
  let daemon: GitDaemon;

  const addKey = async (body: Record<string, unknown>) => {
    assert.equal((await stack.admin.post(`/api/project/${f.projectId}/keys`, body)).status, 204);
    return (await stack.admin.get(`/api/project/${f.projectId}/keys`)).body.find(
      (k: { name: string }) => k.name === body.name,
    ).id as number;
  };
  const addRepo = async (name: string, git_url: string, ssh_key_id: number) => {
    assert.equal(
      (
        await stack.admin.post(`/api/project/${f.projectId}/repositories`, {
          name,
          git_url,
          git_branch: 'main',
          ssh_key_id,
        })
      ).status,
      204,
    );
    return (await stack.admin.get(`/api/project/${f.projectId}/repositories`)).body.find(
      (r: { name: string }) => r.name === name,
    ).id as number;
  };
  const runFrom = async (repositoryId: number) => {
    const templateId = await createTemplate(stack.admin, { ...f, repositoryId }, 'hello.sh');
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    return { task, output: await stack.admin.output(f.projectId, taskId) };
  };

  before(async () => {
    if (sshdAvailable()) ssh = await startSshd();
    // SIGNALMAN_SSH_PATH: the alias "signalman-git-alias" exists only in this file.
    const sshConfig = join(workDir('ssh-config'), 'config');
    writeFileSync(
      sshConfig,
      ssh ? `Host signalman-git-alias\n  HostName 127.0.0.1\n  Port ${ssh.port}\n  User ${ssh.user}\n` : '',
      { mode: 0o644 },
    );
    stack = await startInProcess('sqlite', { SIGNALMAN_SSH_PATH: sshConfig });
    repo = makeRepo({ 'hello.sh': 'echo "cloned and ran"\n' });
    f = await createProjectWithRepo(stack.admin, repo.url);
    http = await startGitHttp('deployer', 'http-PASS-31337');
    daemon = await startGitDaemon();
  });
  after(async () => {
    ssh?.stop();
    await http?.stop();
    daemon?.stop();
    await stack?.close();
  });

  test('https with a login/password key clones, and the password is never shown', async () => {
    const key = await addKey({
      name: 'http creds',
      type: 'login_password',
      login_password: { login: 'deployer', password: 'http-PASS-31337' },
    });
    const { task, output } = await runFrom(await addRepo('over https', http.url(repo.path), key));
    assert.equal(task.status, 'success', output.join('\n'));
    assert.equal(task.commit_hash, repo.head);
    assert.ok(output.includes('cloned and ran'));
    assert.ok(output.every((l) => !l.includes('http-PASS-31337')));
  });

  test("https with a wrong password fails the task with git's error, without prompting", async () => {
    const key = await addKey({
      name: 'bad creds',
      type: 'login_password',
      login_password: { login: 'deployer', password: 'wrong-PASS-1' },
    });
    const { task, output } = await runFrom(await addRepo('bad https', http.url(repo.path), key));
    assert.equal(task.status, 'error');
    assert.ok(
      output.some((l) => l.includes('git clone failed')),
      output.join('\n'),
    );
    assert.ok(output.every((l) => !l.includes('wrong-PASS-1')));
  });

  test('git:// (git daemon, no credentials) clones and runs', async () => {
    const none = await addKey({ name: 'no key', type: 'none' });
    const { task, output } = await runFrom(await addRepo('over git://', daemon.url(repo.path), none));
    assert.equal(task.status, 'success', output.join('\n'));
    assert.equal(task.commit_hash, repo.head);
    assert.ok(output.includes('cloned and ran'));
  });

  test("a repository with a submodule on the same server: the task sees the submodule's files", async () => {
    const sub = makeRepo({ 'lib/greet.sh': 'echo "hello from the submodule"\n' }, 'library');
    const main = makeRepo({
      'run.sh': 'bash vendor/lib/greet.sh\n',
      '.gitmodules': `[submodule "vendor"]\n\tpath = vendor\n\turl = ${http.url(sub.path)}\n`,
    });
    // The submodule as a gitlink at the library's commit, without cloning it here.
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: main.path,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    git('update-index', '--add', '--cacheinfo', `160000,${sub.head},vendor`);
    git('commit', '-q', '-m', 'vendor the library');
    const key = await addKey({
      name: 'submodule creds',
      type: 'login_password',
      login_password: { login: 'deployer', password: 'http-PASS-31337' },
    });
    const repoId = await addRepo('with a submodule', http.url(main.path), key);
    const tpl = await createTemplate(stack.admin, { ...f, repositoryId: repoId }, 'run.sh');
    const taskId = await runTask(stack.admin, f.projectId, tpl);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const output = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', output.join('\n'));
    assert.ok(output.includes('hello from the submodule'), output.join('\n'));
    assert.ok(output.every((l) => !l.includes('http-PASS-31337')));
  });

  test('ssh with a private key clones through the task ssh-agent', {
    skip: sshdAvailable() ? false : 'openssh-server is not installed (.ci/run installs it)',
  }, async () => {
    const key = await addKey({ name: 'deploy key', type: 'ssh', ssh: { login: '', private_key: ssh!.privateKey } });
    const { task, output } = await runFrom(
      await addRepo('over ssh', `ssh://${ssh!.user}@127.0.0.1:${ssh!.port}${repo.path}`, key),
    );
    assert.equal(task.status, 'success', output.join('\n'));
    assert.equal(task.commit_hash, repo.head);
  });

  test('ssh with a passphrase-protected key, scp-style URL is refused without the key', {
    skip: sshdAvailable() ? false : 'openssh-server is not installed',
  }, async () => {
    const key = await addKey({
      name: 'protected key',
      type: 'ssh',
      ssh: { login: '', passphrase: ssh!.passphrase, private_key: ssh!.protectedKey },
    });
    const url = `ssh://${ssh!.user}@127.0.0.1:${ssh!.port}${repo.path}`;
    const ok = await runFrom(await addRepo('protected ssh', url, key));
    assert.equal(ok.task.status, 'success', ok.output.join('\n'));
    assert.ok(ok.output.every((l) => !l.includes(ssh!.passphrase)));
    const none = await runFrom(await addRepo('ssh without key', url, f.keyId));
    assert.equal(none.task.status, 'error');
  });

  test('SIGNALMAN_SSH_PATH: an ssh URL whose host is an alias of that ssh config file clones', {
    skip: sshdAvailable() ? false : 'openssh-server is not installed',
  }, async () => {
    const key = await addKey({ name: 'alias key', type: 'ssh', ssh: { login: '', private_key: ssh!.privateKey } });
    const { task, output } = await runFrom(await addRepo('over an ssh alias', `signalman-git-alias:${repo.path}`, key));
    assert.equal(task.status, 'success', output.join('\n'));
    assert.equal(task.commit_hash, repo.head);
    assert.ok(output.includes('cloned and ran'));
  });
});
