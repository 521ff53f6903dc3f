// Two-factor sign-in with TOTP (semaphore-behaviour.md §4.6, §8.2). Semaphore has read these
// settings under two names: `auth.totp{enabled, allow_recovery}` (v2.11+) and, in its newest
// config, `mfa.totp{enabled, app_name, allow_recovery}`. Both blocks are accepted: TOTP is on when
// either block turns it on, and so is recovery. SEMAPHORE_TOTP_ENABLED and
// SEMAPHORE_TOTP_ALLOW_RECOVERY set the leaf in both blocks (upstream's variables, read by both
// versions), so the environment overrides whatever the file says in either place.
import { z } from 'zod';

const enabled = () =>
  z.boolean().default(false).meta({
    env: 'SEMAPHORE_TOTP_ENABLED',
    description:
      'Users may enrol an authenticator app (TOTP); their logins then need a one-time code. Either block turns it on.',
  });
const allowRecovery = () =>
  z.boolean().default(false).meta({
    env: 'SEMAPHORE_TOTP_ALLOW_RECOVERY',
    description:
      'TOTP enrolment hands out a one-use recovery code that signs in without the authenticator (and removes it).',
  });

/** Settings of TOTP two-factor sign-in (semaphore-behaviour.md §4.6, §8.2), keys as in Semaphore's config.json. */
export const totpSettings = {
  auth: z
    .object({
      totp: z.object({ enabled: enabled(), allow_recovery: allowRecovery() }).prefault({}),
    })
    .prefault({}),
  mfa: z
    .object({
      totp: z
        .object({
          enabled: enabled(),
          allow_recovery: allowRecovery(),
          app_name: z.string().min(1, 'mfa.totp.app_name must not be empty').max(100).default('Signalman').meta({
            env: 'SEMAPHORE_TOTP_ISSUER',
            description: 'The issuer name authenticator apps show next to the account.',
          }),
        })
        .prefault({}),
    })
    .prefault({}),
};
export type TotpSettings = z.infer<z.ZodObject<typeof totpSettings>>;

/** What the server does, from both blocks. */
export interface TotpPolicy {
  enabled: boolean;
  allowRecovery: boolean;
  issuer: string;
}

export function totpPolicy(settings: TotpSettings): TotpPolicy {
  const { auth, mfa } = settings;
  return {
    enabled: auth.totp.enabled || mfa.totp.enabled,
    allowRecovery: auth.totp.allow_recovery || mfa.totp.allow_recovery,
    issuer: mfa.totp.app_name,
  };
}
