// Directory groups mapped to roles (issue 12 item 5, beyond Semaphore): `ldap_group_mappings` and
// each OIDC provider's `group_mappings` are lists of these. Applied at sign-in by
// src/services/group-roles.ts.
import { z } from 'zod';
import { ROLES } from '../domain/project-roles.ts';

export const groupMapping = z
  .strictObject({
    group: z.string({ error: 'group: is required' }).trim().min(1, 'group: must not be empty'),
    admin: z.boolean({ error: 'admin: must be true or false' }).optional(),
    /** A project's name or numeric id. */
    project: z
      .union([z.string().trim().min(1), z.number().int().positive()], {
        error: 'project: must be a project name or a positive integer id',
      })
      .transform(String)
      .optional(),
    role: z.enum(ROLES, { error: `role: must be one of ${ROLES.join(', ')}` }).optional(),
  })
  .refine((m) => m.admin === true || m.project !== undefined, {
    message: 'a mapping must grant something: "admin": true, or a "project" with a "role"',
  })
  .refine((m) => (m.project === undefined) === (m.role === undefined), {
    message: '"project" and "role" go together: name both or neither',
  });

export const groupMappings = z.array(groupMapping);
export type GroupMappingEntry = z.infer<typeof groupMapping>;
