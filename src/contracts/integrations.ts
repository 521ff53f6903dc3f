import { z } from 'zod';
import { id, name, storedTaskParams } from './fields.ts';

export const AUTH_METHODS = ['', 'none', 'github', 'token', 'hmac'] as const;
export const MATCH_TYPES = ['header', 'body'] as const;
export const MATCH_METHODS = ['equals', 'unequals', 'contains'] as const;
export const BODY_DATA_TYPES = ['json', 'string', 'xml'] as const;
export const VALUE_SOURCES = ['body', 'header'] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => v || '""').join(', ')}` });
const text = (max: number) => z.string({ error: 'must be a string' }).max(max, 'is too long');

export const integrationBody = z.object({
  id: id.optional(),
  project_id: id.optional(),
  name,
  template_id: id,
  auth_method: oneOf(AUTH_METHODS).optional().default(''),
  auth_secret_id: id.nullable().optional(),
  auth_header: text(255).nullable().optional(),
  searchable: z.boolean().optional().default(false),
  task_params: storedTaskParams.nullable().optional(),
});
export type IntegrationBody = z.infer<typeof integrationBody>;

/** Body data type only matters for body matchers and values; header ones may leave it empty. */
const bodyDataType = z.union([oneOf(BODY_DATA_TYPES), z.literal('')], {
  error: `must be one of ${BODY_DATA_TYPES.join(', ')}`,
});

export const matcherBody = z.object({
  id: id.optional(),
  integration_id: id.optional(),
  name,
  match_type: oneOf(MATCH_TYPES),
  method: oneOf(MATCH_METHODS),
  body_data_type: bodyDataType.optional().default(''),
  key: text(1000).optional().default(''),
  value: text(10_000).optional().default(''),
});
export type MatcherBody = z.infer<typeof matcherBody>;

export const extractValueBody = z.object({
  id: id.optional(),
  integration_id: id.optional(),
  name,
  value_source: oneOf(VALUE_SOURCES),
  body_data_type: bodyDataType.optional().default(''),
  key: text(1000).optional().default(''),
  variable: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(255, 'is too long'),
});
export type ExtractValueBody = z.infer<typeof extractValueBody>;
