// Directory groups mapped to roles (issue 12 item 5; Semaphore has no such thing). At every
// sign-in through LDAP or OIDC, the user's groups are matched against the mappings: what they
// grant (administrator, project roles) is given, and what a mapping of the same source granted
// earlier but no longer grants is taken back. What an administrator granted by hand is never
// touched: grants are marked with their source (store/group-grants.ts), hand changes clear the mark.
import { groupMapping, type GroupMappingEntry } from '../contracts/group-mappings.ts';
import { ROLES, type Role } from '../domain/project-roles.ts';
import type { Db } from '../store/db.ts';
import type { Tx } from '../store/project-lock.ts';
import {
  findGrantee,
  insertGrantedMember,
  membershipsOf,
  projectsNamed,
  setAdminGrant,
  setGrantedRole,
} from '../store/group-grants.ts';
import { countOwners, deleteMember, withProjectLock } from '../store/project-users.ts';
import { writeEvent } from './events.ts';

export interface GroupMapping {
  group: string;
  admin?: boolean;
  /** A project's name or numeric id. */
  project?: string;
  role?: 'owner' | 'manager' | 'task_runner' | 'guest';
}

export interface GroupRoleOptions {
  /** Where mappings that cannot be applied (invalid, unknown or ambiguous project) are reported. */
  log?: (message: string) => void;
}

/** Higher wins when several mappings give one project. */
const RANK: Record<Role, number> = Object.fromEntries(ROLES.map((r, i) => [r, ROLES.length - i])) as Record<
  Role,
  number
>;

/** The mappings whose group the user is in: groups compare without regard to case. */
export function matchingMappings(groups: string[], mappings: GroupMappingEntry[]): GroupMappingEntry[] {
  const held = new Set(groups.map((g) => g.trim().toLowerCase()));
  return mappings.filter((m) => held.has(m.group.trim().toLowerCase()));
}

function validMappings(source: string, mappings: unknown[], log: (m: string) => void): GroupMappingEntry[] {
  const valid: GroupMappingEntry[] = [];
  mappings.forEach((raw, i) => {
    const parsed = groupMapping.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else log(`group mapping ${i} of ${source} skipped: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
  });
  return valid;
}

/** Project id → the highest role the user's groups give there. */
async function wantedRoles(
  db: Db,
  source: string,
  matched: GroupMappingEntry[],
  log: (m: string) => void,
): Promise<Map<number, Role>> {
  const wanted = new Map<number, Role>();
  for (const m of matched) {
    if (m.project === undefined || m.role === undefined) continue;
    const found = await projectsNamed(db, m.project);
    if (found.length !== 1) {
      const why = found.length === 0 ? 'no such project' : `${found.length} projects have that name; use its id`;
      log(`group mapping of ${source} for group "${m.group}" skipped: project "${m.project}": ${why}`);
      continue;
    }
    const id = found[0].id;
    const had = wanted.get(id);
    if (!had || RANK[m.role] > RANK[had]) wanted.set(id, m.role);
  }
  return wanted;
}

/**
 * Applies `mappings` for a user who just signed in through `source` ('ldap' or 'oidc:<provider>')
 * and belongs to `groups`. Every change is written to the event log.
 */
export async function applyGroupRoles(
  db: Db,
  user: { id: number },
  source: string,
  groups: string[],
  mappings: GroupMapping[],
  options: GroupRoleOptions = {},
): Promise<void> {
  const log = options.log ?? ((m: string) => console.warn(`[group-roles] ${m}`));
  const matched = matchingMappings(groups, validMappings(source, mappings, log));
  const grantee = await findGrantee(db, user.id);
  if (!grantee) return;
  const note = (description: string, projectId?: number, writer: Db | Tx = db) =>
    writeEvent(writer, {
      user_id: null,
      project_id: projectId ?? null,
      object_type: 'user',
      object_id: grantee.id,
      description: `${description} (group mapping of ${source})`,
    });

  const wantAdmin = matched.some((m) => m.admin === true);
  if (wantAdmin && !grantee.admin) {
    await setAdminGrant(db, grantee.id, true, source);
    await note(`User ${grantee.username} made an administrator`);
  } else if (!wantAdmin && grantee.admin && grantee.admin_granted_by === source) {
    await setAdminGrant(db, grantee.id, false, null);
    await note(`User ${grantee.username} is no longer an administrator`);
  }

  const wanted = await wantedRoles(db, source, matched, log);
  const current = await membershipsOf(db, grantee.id);
  const touched = new Set([
    ...wanted.keys(),
    ...current.filter((m) => m.granted_by === source).map((m) => m.project_id),
  ]);
  for (const projectId of [...touched].sort((a, b) => a - b)) {
    await withProjectLock(db, projectId, async (tx, found) => {
      if (!found) return;
      const member = (await membershipsOf(tx, grantee.id)).find((m) => m.project_id === projectId);
      const role = wanted.get(projectId);
      if (member && member.granted_by !== source) return; // granted by hand or by another source
      const demotesLastOwner = async () =>
        member?.role === 'owner' && role !== 'owner' && (await countOwners(tx, projectId)) <= 1;
      if (!member && role) {
        await insertGrantedMember(tx, projectId, grantee.id, role, source);
        await note(`User ${grantee.username} added to the team as ${role}`, projectId, tx);
      } else if (member && role && member.role !== role) {
        if (await demotesLastOwner())
          return log(`${grantee.username} stays owner of project ${projectId}: the last one`);
        await setGrantedRole(tx, member.id, role);
        await note(`Role of user ${grantee.username} changed from ${member.role} to ${role}`, projectId, tx);
      } else if (member && !role) {
        if (await demotesLastOwner())
          return log(`${grantee.username} stays owner of project ${projectId}: the last one`);
        await deleteMember(tx, member.id);
        await note(`User ${grantee.username} removed from the team`, projectId, tx);
      }
    });
  }
}
