import { z } from 'zod';
import { id, name } from './fields.ts';

export const INVENTORY_TYPES = [
  'static',
  'static-yaml',
  'file',
  'terraform-workspace',
  'tofu-workspace',
  'terragrunt-workspace',
] as const;

export const inventoryBody = z.object({
  id: id.optional(),
  name,
  project_id: id.optional(),
  inventory: z.string().max(1_000_000).optional().default(''),
  ssh_key_id: id.nullable().optional(),
  become_key_id: id.nullable().optional(),
  repository_id: id.nullable().optional(),
  type: z
    .enum(INVENTORY_TYPES, { error: `must be one of ${INVENTORY_TYPES.join(', ')}` })
    .optional()
    .default('static'),
  runner_tag: z.string().max(255).nullable().optional(),
});
export type InventoryBody = z.infer<typeof inventoryBody>;
