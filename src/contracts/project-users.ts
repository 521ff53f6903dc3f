import { z } from 'zod';
import { ROLES } from '../domain/project-roles.ts';

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

const userId = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
  .int('must be an integer')
  .positive('must be positive')
  .max(2 ** 31 - 1, 'is too large');

/** POST /api/project/{project_id}/users */
export const projectUserBody = z.object({ user_id: userId, role });
export type ProjectUserBody = z.infer<typeof projectUserBody>;

/** PUT /api/project/{project_id}/users/{user_id} */
export const projectUserRoleBody = z.object({ role });

export const TEAM_SORT_FIELDS = ['name', 'username', 'email', 'role'] as const;

/** GET /api/project/{project_id}/users?sort=…&order=… */
export const teamListQuery = z.object({
  sort: z.enum(TEAM_SORT_FIELDS, { error: `must be one of ${TEAM_SORT_FIELDS.join(', ')}` }).optional(),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
});
export type TeamListQuery = z.infer<typeof teamListQuery>;
