// The caller's own account and API tokens, user accounts, and the activity log.
import { z } from 'zod';
import { tokenId } from '../../routes/user.ts';
import { newUserBody, passwordBody, userUpdateBody } from '../../../contracts/users.ts';
import { named, type ApiOperation } from '../operation.ts';
import { apiToken, currentUser, event, user, userAccount, userSummary } from '../responses.ts';

const selfOrAdmin =
  'Administrators may act on any account; other users only on their own (401 otherwise, as in Semaphore).';
const selfOrAdminAccess = { selfOrAdmin: 'user_id' };

export const accountOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/user',
    id: 'getCurrentUser',
    tag: 'Current user',
    access: 'user',
    summary: 'The signed-in user',
    response: { status: 200, description: "The caller's account.", body: currentUser },
  },
  {
    method: 'get',
    path: '/api/user/tokens',
    id: 'listApiTokens',
    tag: 'Current user',
    access: 'user',
    summary: "List the caller's API tokens",
    description:
      "Each token's `id` is its first 8 characters, not the token (Semaphore returns whole tokens): Signalman stores only a digest.",
    response: { status: 200, description: 'The tokens, expired ones included.', body: z.array(apiToken.schema) },
  },
  {
    method: 'post',
    path: '/api/user/tokens',
    id: 'createApiToken',
    tag: 'Current user',
    access: 'user',
    summary: 'Create an API token',
    description:
      "Send the token's `id` as `Authorization: Bearer <id>`. This answer is the only one that holds the whole token.",
    response: { status: 201, description: 'The new token.', body: apiToken },
  },
  {
    method: 'delete',
    path: '/api/user/tokens/{token_id}',
    id: 'expireApiToken',
    tag: 'Current user',
    access: 'user',
    summary: 'Expire an API token',
    description: '`token_id` is the prefix the listing shows, or the whole token.',
    params: { token_id: tokenId },
    response: { status: 204, description: 'The token no longer works.' },
  },
  {
    method: 'get',
    path: '/api/users',
    id: 'listUsers',
    tag: 'Users',
    access: 'user',
    summary: 'List user accounts',
    description: 'Administrators get every account in full; other users a directory of ids, usernames and names.',
    response: {
      status: 200,
      description: 'The accounts.',
      body: z.union([z.array(user.schema), z.array(userSummary.schema)]),
    },
  },
  {
    method: 'post',
    path: '/api/users',
    id: 'createUser',
    tag: 'Users',
    access: { admin: { refusal: 401 } },
    summary: 'Create a user account',
    description: 'Others get 401, as in Semaphore. Usernames and e-mail addresses are stored lower-case.',
    standardErrors: [400, 401],
    body: { schema: named('NewUser', newUserBody), required: true },
    response: { status: 201, description: 'The new account.', body: user },
    otherResponses: { 409: 'The username or e-mail address is taken.' },
  },
  {
    method: 'get',
    path: '/api/users/{user_id}',
    id: 'getUser',
    tag: 'Users',
    access: selfOrAdminAccess,
    summary: 'Get a user account',
    description: `${selfOrAdmin} \`totp\` names the user's authenticator, when they enrolled one (never its secret).`,
    response: { status: 200, description: 'The account.', body: userAccount },
  },
  {
    method: 'put',
    path: '/api/users/{user_id}',
    id: 'updateUser',
    tag: 'Users',
    access: selfOrAdminAccess,
    summary: 'Update a user account',
    description: `${selfOrAdmin} Fields left out keep their value; nobody may change their own administrator flag.`,
    body: { schema: named('UserUpdate', userUpdateBody), required: true },
    response: { status: 204, description: 'The account was updated.' },
    otherResponses: { 409: 'The username or e-mail address is taken.' },
  },
  {
    method: 'delete',
    path: '/api/users/{user_id}',
    id: 'deleteUser',
    tag: 'Users',
    access: selfOrAdminAccess,
    summary: 'Delete a user account',
    description: `${selfOrAdmin} Nobody may delete their own account, nor the last owner of a project.`,
    response: { status: 204, description: 'The account was deleted.' },
  },
  {
    method: 'post',
    path: '/api/users/{user_id}/password',
    id: 'setUserPassword',
    tag: 'Users',
    access: selfOrAdminAccess,
    summary: "Set a user's password",
    description: `${selfOrAdmin} Passwords are at most 72 bytes long.`,
    body: { schema: named('NewPassword', passwordBody), required: true },
    response: { status: 204, description: 'The password was changed.' },
  },
  {
    method: 'get',
    path: '/api/events',
    id: 'listEvents',
    tag: 'Events',
    access: 'user',
    summary: "The caller's activity log",
    description:
      "Events of the caller's projects, the caller's own actions and changes to the caller's account (every event for administrators), newest first.",
    response: { status: 200, description: 'The events.', body: z.array(event.schema) },
  },
  {
    method: 'get',
    path: '/api/events/last',
    id: 'listLastEvents',
    tag: 'Events',
    access: 'user',
    summary: 'The latest 200 events',
    response: { status: 200, description: 'The events, newest first.', body: z.array(event.schema) },
  },
];
