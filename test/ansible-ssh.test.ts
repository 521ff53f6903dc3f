// ansible-playbook connecting over real ssh (Debian's openssh-server on a spare port) with the
// inventory's ssh key loaded into the task's ssh-agent and its login passed as --user; and a host
// known only by an alias of the ssh config file SIGNALMAN_SSH_PATH names (`-F`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { workDir } from './support/env.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { sshdAvailable, startSshd, type SshServer } from './support/git-servers.ts';

describe('ansible over ssh with an inventory key', {
  skip: sshdAvailable() ? false : 'openssh-server is not installed (.ci/run installs it)',
}, () => {
  let stack: InProcessStack;
  let ssh: SshServer;
  let f: ProjectFixture;

  before(async () => {
    ssh = await startSshd();
    // The alias exists only in this file: ansible's ssh finds the host only if it reads it.
    const sshConfig = join(workDir('ssh-config'), 'config');
    writeFileSync(
      sshConfig,
      `Host signalman-alias-host\n  HostName 127.0.0.1\n  Port ${ssh.port}\n  User ${ssh.user}\n`,
      {
        mode: 0o644,
      },
    );
    stack = await startInProcess('sqlite', { SIGNALMAN_SSH_PATH: sshConfig });
    const repo = makeRepo({
      'ping.yml':
        '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: whoami\n      register: who\n    - debug:\n        msg: "remote user is {{ who.stdout }}"\n',
    });
    f = await createProjectWithRepo(stack.admin, repo.url);
  });
  after(async () => {
    await stack?.close();
    ssh?.stop();
  });

  test('the playbook reaches the host over ssh with the passphrase-protected key, and no key material is logged', async () => {
    const p = f.projectId;
    assert.equal(
      (
        await stack.admin.post(`/api/project/${p}/keys`, {
          name: 'host key',
          type: 'ssh',
          ssh: { login: ssh.user, passphrase: ssh.passphrase, private_key: ssh.protectedKey },
        })
      ).status,
      204,
    );
    const keyId = (await stack.admin.get(`/api/project/${p}/keys`)).body.find(
      (k: { name: string }) => k.name === 'host key',
    ).id;
    const inv = await stack.admin.post(`/api/project/${p}/inventory`, {
      name: 'over ssh',
      type: 'static',
      ssh_key_id: keyId,
      inventory: `target ansible_host=127.0.0.1 ansible_port=${ssh.port} ansible_python_interpreter=/usr/bin/python3\n`,
    });
    assert.equal(inv.status, 201, inv.text);
    const tpl = await stack.admin.post(`/api/project/${p}/templates`, {
      name: 'ping',
      app: 'ansible',
      playbook: 'ping.yml',
      repository_id: f.repositoryId,
      inventory_id: inv.body.id,
    });
    const taskId = await runTask(stack.admin, p, tpl.body.id);
    const task = await stack.admin.waitForTask(p, taskId, undefined, 180_000);
    const out = (await stack.admin.output(p, taskId)).join('\n');
    assert.equal(task.status, 'success', out);
    assert.match(out, new RegExp(`remote user is ${ssh.user}`));
    assert.doesNotMatch(out, /PRIVATE KEY/);
    assert.ok(!out.includes(ssh.passphrase));
  });

  test('SIGNALMAN_SSH_PATH: a host named only by an alias of that ssh config file is reached', async () => {
    const p = f.projectId;
    assert.equal(
      (
        await stack.admin.post(`/api/project/${p}/keys`, {
          name: 'alias key',
          type: 'ssh',
          ssh: { login: '', private_key: ssh.privateKey },
        })
      ).status,
      204,
    );
    const keyId = (await stack.admin.get(`/api/project/${p}/keys`)).body.find(
      (k: { name: string }) => k.name === 'alias key',
    ).id;
    const inv = await stack.admin.post(`/api/project/${p}/inventory`, {
      name: 'by alias',
      type: 'static',
      ssh_key_id: keyId,
      inventory: 'signalman-alias-host ansible_python_interpreter=/usr/bin/python3\n',
    });
    assert.equal(inv.status, 201, inv.text);
    const tpl = await stack.admin.post(`/api/project/${p}/templates`, {
      name: 'ping by alias',
      app: 'ansible',
      playbook: 'ping.yml',
      repository_id: f.repositoryId,
      inventory_id: inv.body.id,
    });
    const taskId = await runTask(stack.admin, p, tpl.body.id);
    const task = await stack.admin.waitForTask(p, taskId, undefined, 180_000);
    const out = (await stack.admin.output(p, taskId)).join('\n');
    assert.equal(task.status, 'success', out);
    assert.match(out, new RegExp(`remote user is ${ssh.user}`));
  });
});
