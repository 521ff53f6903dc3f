import { z } from 'zod';
import { id, name } from './fields.ts';

// Logins lower-case what the user types before looking it up, so names and e-mails are stored
// lower-case too: a user created as "Alice" can then log in as "alice" or "Alice".
const username = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(255, 'is too long')
  .regex(/^[^\s]+$/, 'must not contain spaces');

const email = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .max(255, 'is too long')
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

// bcrypt only looks at the first 72 bytes; longer passwords are refused rather than cut silently.
export const password = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .refine((s) => Buffer.byteLength(s, 'utf8') <= 72, 'must be at most 72 bytes long');

/** POST /api/users (Semaphore's UserWithPwd). */
export const newUserBody = z.object({
  username,
  name,
  email,
  password: password.optional(),
  admin: z.boolean().optional(),
  alert: z.boolean().optional(),
  external: z.boolean().optional(),
});
export type NewUserBody = z.infer<typeof newUserBody>;

/** PUT /api/users/{user_id}: omitted fields keep their value. */
export const userUpdateBody = z.object({
  id: id.optional(),
  username: username.optional(),
  name: name.optional(),
  email: email.optional(),
  password: password.optional(),
  admin: z.boolean().optional(),
  alert: z.boolean().optional(),
});
export type UserUpdateBody = z.infer<typeof userUpdateBody>;

/** POST /api/users/{user_id}/password */
export const passwordBody = z.object({ password });
