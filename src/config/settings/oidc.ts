import { z } from 'zod';
import { groupMappings } from '../../contracts/group-mappings.ts';

/** Provider ids go into URLs (/api/auth/oidc/{id}/login) and the event log: letters, digits, `-` and `_`. */
export const OIDC_PROVIDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

const httpUrl = (what: string) =>
  z.string().refine((u) => /^https?:\/\/[^\s]+$/i.test(u) && URL.canParse(u), `${what} must be an http(s) URL`);

/** Manual endpoints, for providers without discovery (or to override it). */
const endpoint = z.object({
  issuer: httpUrl('endpoint.issuer'),
  auth: httpUrl('endpoint.auth'),
  token: httpUrl('endpoint.token'),
  userinfo: httpUrl('endpoint.userinfo').optional(),
  jwks: httpUrl('endpoint.jwks'),
  /** The ID token signing algorithms the provider uses (default RS256). */
  algorithms: z.array(z.string().min(1)).optional(),
});

/** One OpenID Connect provider (semaphore-behaviour.md §4.5). */
export const oidcProvider = z
  .object({
    client_id: z.string().optional(),
    client_id_file: z.string().optional(),
    client_secret: z.string().optional().meta({ secret: true }),
    client_secret_file: z.string().optional(),
    /** The callback registered at the provider; default `<web_host>/api/auth/oidc/<id>/redirect`. */
    redirect_url: httpUrl('redirect_url').optional(),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
    display_name: z.string().default(''),
    color: z.string().default(''),
    icon: z.string().default(''),
    provider_url: httpUrl('provider_url').optional(),
    endpoint: endpoint.optional(),
    username_claim: z.string().min(1).default('preferred_username'),
    name_claim: z.string().min(1).default('preferred_username'),
    email_claim: z.string().min(1).default('email'),
    order: z.number().int().default(0),
    /** The claim holding the user's groups (an array of strings, or one string). */
    groups_claim: z.string().min(1).optional(),
    /** {group, admin?, project?, role?}: the provider's groups granting admin or project roles (src/services/group-roles.ts). */
    group_mappings: groupMappings.default([]),
  })
  .refine((p) => p.client_id || p.client_id_file, { message: 'client_id or client_id_file is required' })
  .refine((p) => p.provider_url || p.endpoint, { message: 'provider_url or endpoint{…} is required' })
  .refine((p) => p.group_mappings.length === 0 || p.groups_claim, {
    message: 'group_mappings need groups_claim (the claim that lists the groups)',
  });
export type OidcProvider = z.infer<typeof oidcProvider>;

/** Settings of OpenID Connect sign-in (semaphore-behaviour.md §4.5, §2.2 item 5), keys as in Semaphore's config.json. */
export const oidcSettings = {
  oidc_providers: z
    .record(z.string(), oidcProvider)
    .default({})
    .refine((providers) => Object.keys(providers).every((id) => OIDC_PROVIDER_ID.test(id)), {
      message: 'provider ids may hold only letters, digits, "-" and "_" (at most 64): they are part of URLs',
    })
    .meta({
      env: 'SEMAPHORE_OIDC_PROVIDERS',
      secret: true,
      description:
        'OpenID Connect providers users may sign in with: a map from provider id to its settings (JSON); see "OpenID Connect sign-in".',
    }),
  password_login_disable: z.boolean().default(false).meta({
    env: 'SEMAPHORE_PASSWORD_LOGIN_DISABLED',
    description: 'Refuse sign-in with a password (POST /api/auth/login); users sign in through OIDC.',
  }),
};
export type OidcSettings = z.infer<z.ZodObject<typeof oidcSettings>>;
