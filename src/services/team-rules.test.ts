import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { holdsRole, roleChangeRefusal, type Refusal, type RoleChange } from './team-rules.ts';
import { ROLE_PERMISSIONS } from './permissions.ts';

const owner = ROLE_PERMISSIONS.owner;
const manager = ROLE_PERMISSIONS.manager;

describe('team rules', () => {
  test('holdsRole compares permission bits', () => {
    const cases: Array<[number, string, boolean]> = [
      [owner, 'owner', true],
      [owner, 'guest', true],
      [manager, 'owner', false],
      [manager, 'manager', true],
      [manager, 'task_runner', true],
      [ROLE_PERMISSIONS.task_runner, 'manager', false],
      [0, 'guest', true],
      [0, 'task_runner', false],
    ];
    for (const [permissions, role, expected] of cases)
      assert.equal(holdsRole(permissions, role), expected, `${permissions} ${role}`);
  });

  test('roleChangeRefusal allows and refuses the right changes', () => {
    const cases: Array<[string, RoleChange, [Refusal['reason'], RegExp] | null]> = [
      ['owner adds an owner', { actorPermissions: owner, from: null, to: 'owner', owners: 1 }, null],
      [
        'manager cannot grant owner',
        { actorPermissions: manager, from: null, to: 'owner', owners: 1 },
        ['not_held', /cannot grant "owner"/],
      ],
      ['manager may add a task runner', { actorPermissions: manager, from: null, to: 'task_runner', owners: 1 }, null],
      [
        'manager cannot demote an owner',
        { actorPermissions: manager, from: 'owner', to: 'guest', owners: 2 },
        ['not_held', /whose role "owner"/],
      ],
      [
        'the last owner cannot be demoted',
        { actorPermissions: owner, from: 'owner', to: 'manager', owners: 1 },
        ['last_owner', /at least one owner/],
      ],
      [
        'the last owner cannot be removed',
        { actorPermissions: owner, from: 'owner', to: null, owners: 1 },
        ['last_owner', /at least one owner/],
      ],
      ['one of two owners can be removed', { actorPermissions: owner, from: 'owner', to: null, owners: 2 }, null],
      ['an owner stays owner', { actorPermissions: owner, from: 'owner', to: 'owner', owners: 1 }, null],
      ['a guest may leave', { actorPermissions: 0, from: 'guest', to: null, owners: 1 }, null],
    ];
    for (const [name, change, expected] of cases) {
      const refusal = roleChangeRefusal(change);
      if (expected === null) {
        assert.equal(refusal, null, name);
      } else {
        assert.equal(refusal?.reason, expected[0], name);
        assert.match(refusal?.message ?? '', expected[1], name);
      }
    }
  });
});
