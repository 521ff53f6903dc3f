import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asTaskUser, resolveRunAs, TaskUserError, type RunAs } from './task-user.ts';

const SETPRIV = '/usr/bin/setpriv';
const user = { name: 'signalman-task', uid: 999, gid: 995 };

describe('asTaskUser: the one place task processes change identity', () => {
  const cases: Array<[string, RunAs | undefined, string, string[]]> = [
    ['no RunAs: the command as it is', undefined, 'git', ['clone', '--', 'u', 'd']],
    ['no setpriv on the host: the command as it is', { user: null, setpriv: null }, 'git', ['clone', '--', 'u', 'd']],
    [
      'server not root: no_new_privs only',
      { user: null, setpriv: SETPRIV },
      SETPRIV,
      ['--no-new-privs', '--', 'git', 'clone', '--', 'u', 'd'],
    ],
    [
      'server root: the task user, no supplementary groups, no_new_privs',
      { user, setpriv: SETPRIV },
      SETPRIV,
      ['--reuid', '999', '--regid', '995', '--clear-groups', '--no-new-privs', '--', 'git', 'clone', '--', 'u', 'd'],
    ],
  ];
  for (const [name, runAs, command, args] of cases) {
    test(name, () => assert.deepEqual(asTaskUser(runAs, 'git', ['clone', '--', 'u', 'd']), { command, args }));
  }

  test('an argument that looks like an option after the command stays an argument of the command ("--" ends setpriv\'s options)', () => {
    const { args } = asTaskUser({ user, setpriv: SETPRIV }, 'bash', ['--rcfile', 'x']);
    assert.deepEqual(args.slice(args.indexOf('--')), ['--', 'bash', '--rcfile', 'x']);
  });
});

describe('resolveRunAs', () => {
  test("not root: processes keep the server's user whatever SIGNALMAN_TASK_USER says", () => {
    assert.equal(resolveRunAs('someone', 1000).user, null);
    assert.equal(resolveRunAs('', 1000).user, null);
  });

  test("root with SIGNALMAN_TASK_USER=root: the operator's explicit choice, no switch", () => {
    assert.equal(resolveRunAs('root', 0).user, null);
    assert.equal(resolveRunAs('0', 0).user, null);
  });

  test('root with a user that does not exist: a TaskUserError naming the setting and the user', () => {
    assert.throws(
      () => resolveRunAs('no-such-user-for-signalman', 0),
      (err: Error) =>
        err instanceof TaskUserError &&
        /SIGNALMAN_TASK_USER/.test(err.message) &&
        /no-such-user-for-signalman/.test(err.message),
    );
  });

  test('root with an existing user (by name or by uid) switches to it', { skip: resolveRunAsSkip() }, () => {
    const byName = resolveRunAs('nobody', 0);
    assert.equal(byName.user?.name, 'nobody');
    assert.deepEqual(resolveRunAs(String(byName.user!.uid), 0).user, byName.user);
  });
});

function resolveRunAsSkip(): string | false {
  try {
    resolveRunAs('nobody', 0);
    return false;
  } catch (err) {
    return `no "nobody" user or no setpriv here: ${(err as Error).message}`;
  }
}
