import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitSshCommand, SSH_COMMAND } from './credentials.ts';

test("git's ssh command gets -F with the file, quoted", () => {
  assert.equal(gitSshCommand(), SSH_COMMAND);
  assert.equal(gitSshCommand('/etc/my ssh/config'), `${SSH_COMMAND} -F '/etc/my ssh/config'`);
});
