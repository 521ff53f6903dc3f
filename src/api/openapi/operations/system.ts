// Public and session routes: ping, login, logout, server info, live updates, this reference.
import { z } from 'zod';
import { OIDC_PROVIDER_ID } from '../../../config/settings/oidc.ts';
import { loginBody } from '../../routes/auth.ts';
import { referenceAssetName } from '../reference-page.ts';
import { named, type ApiOperation } from '../operation.ts';
import { info, loginOptions } from '../responses.ts';

const oidcProviderId = z.string().regex(OIDC_PROVIDER_ID).meta({ description: 'The provider id of `oidc_providers`.' });
const OIDC_CALLBACK =
  "The provider sends the browser here. The `state` must be the one of this browser's `oauthstate` cookie, the code is exchanged with the PKCE verifier, the ID token's `nonce` checked; the user is found by the e-mail claim, or created as an external user. A local user who signs in with a password is never opened this way.";
const OIDC_CALLBACK_ANSWER =
  'Signed in (the `semaphore` session cookie is set): to the path asked for, on this server. Refused: to the login page, `/auth/login?error=…` saying why.';

export const systemOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/ping',
    id: 'ping',
    tag: 'System',
    access: 'public',
    summary: 'Check that the server answers',
    response: {
      status: 200,
      description: 'Always `pong`.',
      media: { types: ['text/plain'], schema: z.literal('pong') },
    },
  },
  {
    method: 'get',
    path: '/api/info',
    id: 'getInfo',
    tag: 'System',
    access: 'user',
    summary: 'Server version and settings',
    response: {
      status: 200,
      description:
        'The version, the ansible-playbook version found on the server and the public address; for administrators, the Temporal Web UI when known.',
      body: info,
    },
  },
  {
    method: 'get',
    path: '/api/ws',
    id: 'liveUpdates',
    tag: 'System',
    access: 'user',
    summary: 'Live updates over a WebSocket',
    description:
      'Upgrade this request to a WebSocket to receive task status and output as they happen. A cookie-authenticated upgrade whose `Origin` is not this server or its web host is refused with 403.',
    response: { status: 101, description: 'Switching to the WebSocket protocol.' },
    otherResponses: { 426: 'A plain request without `Upgrade: websocket`.' },
  },
  {
    method: 'get',
    path: '/api/auth/login',
    id: 'getLoginOptions',
    tag: 'Authentication',
    access: 'public',
    summary: 'How users may log in',
    response: { status: 200, description: 'The login methods on offer.', body: loginOptions },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    id: 'login',
    tag: 'Authentication',
    access: 'public',
    summary: 'Log in with a password',
    description:
      '`auth` is a username or an e-mail address. On success the `semaphore` session cookie is set. With LDAP enabled, the directory is asked first (README "LDAP sign-in").',
    body: { schema: named('Login', loginBody), required: true },
    response: { status: 204, description: 'Logged in; the session cookie is set.' },
    otherResponses: {
      401: 'Wrong username or password.',
      403: 'The request came from another site (its Origin or Referer is not this server or its web host), a directory user has the username or e-mail of a local account, or password login is disabled (`password_login_disable`).',
      429: 'Too many failed logins for this user or from this address; `Retry-After` says how many seconds to wait.',
      503: 'LDAP is enabled and the directory cannot be asked (unreachable, TLS refused, service account bind failed).',
    },
  },
  {
    method: 'get',
    path: '/api/auth/oidc/{provider_id}/login',
    id: 'oidcLogin',
    tag: 'Authentication',
    access: 'public',
    summary: 'Begin signing in through an OpenID Connect provider',
    description:
      'Sends the browser to the provider (authorization code flow with PKCE, `state` and `nonce`); what the sign-in must remember travels in the sealed, HttpOnly `oauthstate` cookie for 10 minutes. `redirect` is the path on this server to land on afterwards; anything that is not a path here lands on the home page.',
    params: { provider_id: oidcProviderId },
    query: z.object({ redirect: z.string().optional() }),
    standardErrors: [404],
    response: {
      status: 302,
      description:
        "To the provider's authorization endpoint; to the login page (`/auth/login?error=…`) when the provider cannot be reached.",
    },
  },
  {
    method: 'get',
    path: '/api/auth/oidc/{provider_id}/redirect',
    id: 'oidcRedirect',
    tag: 'Authentication',
    access: 'public',
    summary: 'Finish signing in through an OpenID Connect provider',
    description: OIDC_CALLBACK,
    params: { provider_id: oidcProviderId },
    standardErrors: [404],
    response: { status: 302, description: OIDC_CALLBACK_ANSWER },
  },
  {
    method: 'get',
    path: '/api/auth/oidc/{provider_id}/redirect/{redirect_path}',
    id: 'oidcRedirectToPath',
    tag: 'Authentication',
    access: 'public',
    summary: 'Finish signing in through an OpenID Connect provider, then go to a path',
    description: `${OIDC_CALLBACK} \`redirect_path\` (slashes allowed) is where to land, instead of the \`redirect\` the sign-in began with.`,
    params: { provider_id: oidcProviderId, redirect_path: z.string() },
    restParam: 'redirect_path',
    standardErrors: [404],
    response: { status: 302, description: OIDC_CALLBACK_ANSWER },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    id: 'logout',
    tag: 'Authentication',
    access: 'public',
    summary: 'Log out',
    response: { status: 204, description: 'The session has ended and its cookie is cleared.' },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    id: 'getOpenApiDocument',
    tag: 'Reference',
    access: 'public',
    summary: 'This API description',
    description:
      'The OpenAPI 3.1 document that the reference page shows; the same as `docs/openapi.json` in the repository.',
    response: { status: 200, description: 'The OpenAPI document.', body: z.record(z.string(), z.unknown()) },
  },
  {
    method: 'get',
    path: '/api/docs',
    id: 'getApiReference',
    tag: 'Reference',
    access: 'public',
    summary: 'The API reference page',
    response: {
      status: 200,
      description: 'An HTML page that shows this document.',
      media: { types: ['text/html'], schema: z.string() },
    },
  },
  {
    method: 'get',
    path: '/api/docs/{file}',
    id: 'getApiReferenceAsset',
    tag: 'Reference',
    access: 'public',
    summary: 'A file of the reference page',
    params: { file: referenceAssetName },
    standardErrors: [404],
    response: {
      status: 200,
      description: 'A script or style sheet of the page.',
      media: { types: ['text/css', 'text/javascript'], schema: z.string() },
    },
  },
];
