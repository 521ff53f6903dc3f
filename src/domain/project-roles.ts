// Project roles and the permission bits each grants (semaphore-behaviour.md §1.4).

export const Permission = {
  runProjectTasks: 1,
  updateProject: 2,
  manageProjectResources: 4,
  manageProjectUsers: 8,
} as const;

export const ROLES = ['owner', 'manager', 'task_runner', 'guest'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Record<Role, number> = {
  owner: 15,
  manager: Permission.runProjectTasks | Permission.manageProjectResources,
  task_runner: Permission.runProjectTasks,
  guest: 0,
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleCan(role: string, bits: number): boolean {
  const granted = isRole(role) ? ROLE_PERMISSIONS[role] : 0;
  return (granted & bits) === bits;
}
