// Two-factor sign-in with TOTP: the second step of a login, and users' authenticators.
import { z } from 'zod';
import { passcodeBody, recoveryBody } from '../../routes/totp.ts';
import { named, type ApiOperation } from '../operation.ts';
import { totpEnrolment } from '../responses.ts';

const pending =
  'Only for a session that awaits its second factor: a login of a user with an authenticator while TOTP is enabled (`SEMAPHORE_TOTP_ENABLED`) sets the cookie of such a session, which every other route answers with 401 `{"error": "TOTP_REQUIRED"}`. Without one (no cookie, a verified session, an API token) the answer is 401.';
const throttled =
  'Too many wrong codes for this user or from this address (the login limits); `Retry-After` says how many seconds to wait.';

export const totpOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/auth/verify',
    id: 'verifySession',
    tag: 'Authentication',
    access: 'public',
    summary: 'Verify a login with a TOTP code',
    description: `${pending} A code is accepted once: the same code (or an older one) is refused afterwards.`,
    body: { schema: named('TotpPasscode', passcodeBody), required: true },
    response: { status: 204, description: 'The session is verified and opens the API.' },
    standardErrors: [400],
    otherResponses: {
      401: 'No session awaits a second factor, or `{"error": "INVALID_PASSCODE"}`: the code is wrong or was used already.',
      403: '`{"error": "TOTP_DISABLED"}`: TOTP two-factor sign-in is off on this server.',
      429: throttled,
    },
  },
  {
    method: 'post',
    path: '/api/auth/recovery',
    id: 'recoverSession',
    tag: 'Authentication',
    access: 'public',
    summary: 'Verify a login with the recovery code',
    description: `${pending} The recovery code works once: it verifies the session and removes the user's authenticator (as in Semaphore), so the user enrols again.`,
    body: { schema: named('TotpRecoveryCode', recoveryBody), required: true },
    response: { status: 204, description: "The session is verified; the user's authenticator is removed." },
    standardErrors: [400],
    otherResponses: {
      401: 'No session awaits a second factor, or `{"error": "INVALID_RECOVERY_CODE"}`.',
      403: '`{"error": "TOTP_DISABLED"}`: TOTP or its recovery (`SEMAPHORE_TOTP_ALLOW_RECOVERY`) is off.',
      429: throttled,
    },
  },
  {
    method: 'post',
    path: '/api/users/{user_id}/2fas/totp',
    id: 'enrolTotp',
    tag: 'Users',
    access: { selfOrAdmin: 'user_id' },
    summary: 'Enrol an authenticator app',
    description:
      "Only the user themself (others get 401, administrators 403: the secret belongs on the user's own device). The answer holds the otpauth URL with the shared secret and, when recovery is allowed, the recovery code: neither is shown again. From now on, while TOTP is enabled, the user's logins need a code.",
    response: { status: 200, description: 'The new authenticator, its URL and recovery code.', body: totpEnrolment },
    standardErrors: [400, 401, 404],
    otherResponses: {
      400: 'The user has an authenticator already.',
      403: '`{"error": "TOTP_DISABLED"}` when TOTP is off; or an administrator enrolling for someone else.',
    },
  },
  {
    method: 'get',
    path: '/api/users/{user_id}/2fas/totp/{totp_id}/qr',
    id: 'getTotpQrCode',
    tag: 'Users',
    access: { selfOrAdmin: 'user_id' },
    summary: "The authenticator's QR code",
    description: 'A PNG of the otpauth URL, for the user themself only (others get 401, administrators 403).',
    response: {
      status: 200,
      description: 'The QR code.',
      media: { types: ['image/png'], schema: z.string().meta({ format: 'binary' }) },
    },
    standardErrors: [401, 404],
    otherResponses: { 403: "An administrator asking for another user's QR code." },
  },
  {
    method: 'delete',
    path: '/api/users/{user_id}/2fas/totp/{totp_id}',
    id: 'removeTotp',
    tag: 'Users',
    access: { selfOrAdmin: 'user_id' },
    summary: 'Remove an authenticator',
    description:
      'The user themself, or an administrator (for a user who lost their device); others get 401. Logins then need no code.',
    response: { status: 204, description: 'The authenticator is removed.' },
    standardErrors: [401, 404],
  },
];
