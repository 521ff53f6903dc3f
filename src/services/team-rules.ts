// The rules of a project team, as pure functions: nobody hands out (or takes away) more than they
// hold themselves, and a project always keeps at least one owner.
import { ROLE_PERMISSIONS, isRole, type Role } from './permissions.ts';

/** Whether someone with `permissions` holds every permission of `role`. */
export function holdsRole(permissions: number, role: string): boolean {
  const bits = isRole(role) ? ROLE_PERMISSIONS[role] : 0;
  return (permissions & bits) === bits;
}

export interface RoleChange {
  /** The permissions of whoever makes the change (15 for administrators). */
  actorPermissions: number;
  /** The member's role now, or null when they are being added. */
  from: string | null;
  /** The member's new role, or null when they are being removed. */
  to: Role | null;
  /** How many owners the project has now. */
  owners: number;
}

export interface Refusal {
  /** `not_held`: the actor lacks permissions involved; `last_owner`: the project would lose its last owner. */
  reason: 'not_held' | 'last_owner';
  message: string;
}

/** Why the change is refused, or null when it is allowed. */
export function roleChangeRefusal(change: RoleChange): Refusal | null {
  const { actorPermissions, from, to, owners } = change;
  if (to !== null && !holdsRole(actorPermissions, to)) {
    return { reason: 'not_held', message: `role: you cannot grant "${to}", it has permissions you do not hold` };
  }
  if (from !== null && !holdsRole(actorPermissions, from)) {
    return {
      reason: 'not_held',
      message: `you cannot change a member whose role "${from}" has permissions you do not hold`,
    };
  }
  if (from === 'owner' && to !== 'owner' && owners <= 1) {
    return { reason: 'last_owner', message: 'a project must keep at least one owner; make someone else owner first' };
  }
  return null;
}
