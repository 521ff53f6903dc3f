// Public and session routes: ping, login, logout, server info, live updates, this reference.
import { z } from 'zod';
import { loginBody } from '../../routes/auth.ts';
import { referenceAssetName } from '../reference-page.ts';
import { named, type ApiOperation } from '../operation.ts';
import { info, loginOptions } from '../responses.ts';

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
      description: 'The version, the ansible-playbook version found on the server and the public address.',
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
      403: 'The request came from another site (its Origin or Referer is not this server or its web host), or a directory user has the username or e-mail of a local account.',
      429: 'Too many failed logins for this user or from this address; `Retry-After` says how many seconds to wait.',
      503: 'LDAP is enabled and the directory cannot be asked (unreachable, TLS refused, service account bind failed).',
    },
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
