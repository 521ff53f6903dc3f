import { z } from 'zod';
import { id, name } from './fields.ts';

export const KEY_TYPES = ['none', 'ssh', 'login_password', 'string'] as const;

export const keyBody = z.object({
  id: id.optional(),
  name,
  type: z.enum(KEY_TYPES, { error: `must be one of ${KEY_TYPES.join(', ')}` }),
  project_id: id.optional(),
  string: z.string().max(1_000_000).optional(),
  login_password: z
    .object({ login: z.string().max(1000).optional(), password: z.string().max(10_000).optional() })
    .optional(),
  ssh: z
    .object({
      login: z.string().max(1000).optional(),
      passphrase: z.string().max(10_000).optional(),
      private_key: z.string().max(100_000).optional(),
    })
    .optional(),
  override_secret: z.boolean().optional(),
});
export type KeyBody = z.infer<typeof keyBody>;
