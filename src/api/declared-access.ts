// The one gate in front of every API route: it finds the request's operation in the registry
// (src/api/openapi/operations) and enforces the access rule declared there, so that what the
// reference says and what the server does cannot drift apart. A request that names no declared
// operation is refused (401 without credentials, else 404), so a route that someone forgets to
// declare is unreachable rather than open. Handlers keep their own finer checks (the team rules,
// deleting tasks, self-or-admin on accounts).
import type { Request, RequestHandler, Response } from 'express';
import type { Db } from '../store/db.ts';
import type { Config } from '../config/index.ts';
import { apiOperations } from './openapi/operations/index.ts';
import type { Access, ApiOperation, Refusal } from './openapi/operation.ts';
import { identify, refusalFor } from './auth.ts';
import { pathId } from './validation.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../services/errors.ts';
import { requireProjectAccess, type Caller } from '../services/permissions.ts';
import { mayCreateProjects } from '../services/projects.ts';

const READ_METHODS = new Set(['GET', 'HEAD']);

interface Compiled {
  op: ApiOperation;
  method: string;
  pattern: RegExp;
  names: string[];
  /** One letter per path segment, L (literal) or P (parameter): literal segments win ties. */
  shape: string;
}

function compile(op: ApiOperation): Compiled {
  const names: string[] = [];
  const segments = op.path.split('/').slice(1);
  const source = segments
    .map((seg) => {
      const param = /^\{(\w+)\}$/.exec(seg);
      if (!param) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return param[1] === op.restParam ? '(.+)' : '([^/]+)';
    })
    .join('/');
  const shape = segments.map((seg) => (seg.startsWith('{') ? 'P' : 'L')).join('');
  return { op, method: op.method.toUpperCase(), pattern: new RegExp(`^/${source}$`), names, shape };
}

export interface DeclaredRoute {
  op: ApiOperation;
  params: Record<string, string>;
}

/** The declared operation that `method path` calls (HEAD as GET), the most literal one when several match. */
export function findOperation(
  method: string,
  path: string,
  operations: ApiOperation[] = apiOperations,
): DeclaredRoute | null {
  const wanted = method === 'HEAD' ? 'GET' : method;
  let best: { c: Compiled; match: RegExpExecArray } | null = null;
  for (const c of compiledFor(operations)) {
    if (c.method !== wanted) continue;
    const match = c.pattern.exec(path);
    if (match && (!best || c.shape < best.c.shape)) best = { c, match };
  }
  if (!best) return null;
  const params: Record<string, string> = {};
  best.c.names.forEach((name, i) => {
    const raw = best.match[i + 1];
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw;
    }
  });
  return { op: best.c.op, params };
}

const compiledCache = new WeakMap<ApiOperation[], Compiled[]>();
function compiledFor(operations: ApiOperation[]): Compiled[] {
  let compiled = compiledCache.get(operations);
  if (!compiled) compiledCache.set(operations, (compiled = operations.map(compile)));
  return compiled;
}

function refuse(refusal: Refusal, message: string): never {
  throw refusal === 401 ? new UnauthorizedError(message) : new ForbiddenError(message);
}

export interface AccessDeps {
  db: Db;
  config: Pick<Config, 'nonAdminCanCreateProject'>;
}

/**
 * Enforces `access` for `caller` (null: no credentials). On project routes the caller's role is
 * left in `res.locals.access` for the handlers (see context.ts).
 */
async function enforce(
  deps: AccessDeps,
  access: Access,
  req: Request,
  res: Response,
  route: DeclaredRoute,
): Promise<void> {
  if (access === 'public' || access === 'runner') return; // runner routes check X-Runner-Token themselves
  const caller: Caller | null = res.locals.caller ?? (await identify(deps.db, req));
  if (!caller) throw await refusalFor(deps.db, req);
  res.locals.caller = caller;
  if (access === 'user') return;
  if (access === 'admin') {
    if (!caller.admin) refuse(403, 'only administrators may do this');
    return;
  }
  if ('admin' in access) {
    if (!caller.admin) refuse(access.admin.refusal, 'only administrators may do this');
    return;
  }
  if ('selfOrAdmin' in access) {
    const userId = pathId(route.params, access.selfOrAdmin);
    if (!caller.admin && caller.id !== userId) refuse(401, 'only administrators may manage other users');
    return;
  }
  if ('projectCreator' in access) {
    if (!mayCreateProjects(caller, deps.config.nonAdminCanCreateProject)) {
      refuse(access.projectCreator.refusal, 'only administrators may create projects on this server');
    }
    return;
  }
  if ('project' in access) {
    const rule = access.project;
    const reading = READ_METHODS.has(req.method);
    const bits = reading ? (rule.read ?? 0) : rule.write;
    const projectId = pathId(route.params, 'project_id');
    res.locals.access = await requireProjectAccess(deps.db, caller, projectId, bits !== 0, bits);
    if (!reading && rule.adminOnly && !caller.admin) refuse(403, 'only administrators may do this');
    return;
  }
  throw new Error(
    `access rule ${JSON.stringify(access)} of ${route.op.method.toUpperCase()} ${route.op.path} is not understood`,
  );
}

/** Mounted on the /api router, before every route. */
export function enforceDeclaredAccess(deps: AccessDeps): RequestHandler {
  return async (req, res, next) => {
    const path = `${req.baseUrl}${req.path}`;
    const route = findOperation(req.method, path);
    if (!route) {
      // Express answers OPTIONS itself (the Allow header) and runs no handler for it.
      if (req.method === 'OPTIONS') return next();
      const caller = res.locals.caller ?? (await identify(deps.db, req));
      if (!caller) throw new UnauthorizedError();
      throw new NotFoundError(`no route for ${req.method} ${path}`);
    }
    await enforce(deps, route.op.access, req, res, route);
    next();
  };
}
