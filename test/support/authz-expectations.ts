// What each caller of the authorization matrix should get from a route, read from the route's
// entry in the operation registry: the registry is the one declaration of who may call what, and
// the matrix checks that the server does what it says. The role bits are written out here rather
// than imported, so that the test checks the code instead of repeating it.
import { apiOperations } from '../../src/api/openapi/operations/index.ts';
import type { Access, ApiOperation } from '../../src/api/openapi/operation.ts';
import type { CallerKind } from './authz-scene.ts';

/** Project permission bits (semaphore-behaviour.md §1.4). */
export const RUN = 1;
export const UPD = 2;
export const RES = 4;
export const USR = 8;
export const ROLE_BITS: Record<string, number> = {
  owner: RUN | UPD | RES | USR,
  manager: RUN | RES,
  task_runner: RUN,
  guest: 0,
};

/** `METHOD /api/x/:param`, the form the app's router and the matrix rows use. */
export const routeOf = (op: ApiOperation) =>
  `${op.method.toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === op.restParam ? `*${name}` : `:${name}`))}`;

export const REGISTRY = new Map(apiOperations.map((op) => [routeOf(op), op]));

export interface Situation {
  /** The server lets users who are not administrators create projects. */
  nonAdminCanCreateProject: boolean;
}

/**
 * The status `caller` gets from `route`, whose allowed calls answer `ok`. Throws, naming the route,
 * for a route without a registry entry or an access rule this function does not know.
 */
export function expectedStatus(route: string, caller: CallerKind, situation: Situation, ok?: number): number {
  const op = REGISTRY.get(route);
  if (!op) throw new Error(`${route} has no entry in the operation registry (src/api/openapi/operations)`);
  const success = ok ?? op.response.status;
  const reading = op.method === 'get';
  const access: Access = op.access;
  const unknown = () => new Error(`${route}: the matrix cannot interpret the access rule ${JSON.stringify(access)}`);

  if (access === 'public') return success;
  if (caller === 'anonymous') return 401;
  if (access === 'runner') return 401; // no user's credentials open runner routes
  if (access === 'user') return success;
  if (access === 'admin') return caller === 'admin' ? success : 403;
  if (typeof access !== 'object' || access === null) throw unknown();
  if ('admin' in access) return caller === 'admin' ? success : access.admin.refusal;
  // The matrix's calls act on another user's account.
  if ('selfOrAdmin' in access) return caller === 'admin' ? success : 401;
  if ('projectCreator' in access)
    return caller === 'admin' || situation.nonAdminCanCreateProject ? success : access.projectCreator.refusal;
  if ('project' in access) {
    const { read = 0, write, adminOnly = false } = access.project;
    if (caller === 'admin') return success;
    if (caller === 'outsider') return 404;
    const bits = reading ? read : write;
    if (!reading && adminOnly) return 403;
    return (ROLE_BITS[caller] & bits) === bits ? success : 403;
  }
  throw unknown();
}
