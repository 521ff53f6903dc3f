// The routes every project resource has (list, create, get, refs, update, delete), wired to the
// resource's service functions. Handlers only parse, check ids and shape the response.
import { Router } from 'express';
import type { z } from 'zod';
import { access, checkBodyIds, projectIdOf } from './context.ts';
import { caller } from './auth.ts';
import { createBody, parse, pathId } from './validation.ts';
import type { Caller, ProjectAccess } from '../services/permissions.ts';

type Body = { project_id?: number | null; id?: number };

export interface ResourceSpec<S extends z.ZodType<Body>, Row> {
  /** Path parameter naming one object, e.g. `key_id`. */
  param: string;
  schema: S;
  /** `viewer` is the caller's role in the project, for answers that show some fields only to some roles. */
  present: (row: Row, viewer: ProjectAccess) => unknown;
  list: (projectId: number) => Promise<Row[]>;
  get: (projectId: number, id: number) => Promise<Row>;
  refs: (projectId: number, id: number) => Promise<unknown>;
  create: (caller: Caller, projectId: number, body: z.infer<S>) => Promise<Row>;
  update: (caller: Caller, projectId: number, id: number, body: z.infer<S>) => Promise<unknown>;
  remove: (caller: Caller, projectId: number, id: number) => Promise<void>;
  /**
   * Columns `?sort=<column>&order=desc` may order the list by, as upstream's (keys: name, type;
   * repositories, inventories, environments: name; templates: name, playbook). An unknown column
   * leaves the stored order (by name); `order` other than `desc` is ascending, as upstream.
   */
  sortable?: Record<string, (row: Row) => string>;
  /** Semaphore answers 204 without a body when creating keys, repositories and environments. */
  createdWithoutBody?: boolean;
}

export function resourceRoutes<S extends z.ZodType<Body>, Row>(spec: ResourceSpec<S, Row>): Router {
  const r = Router({ mergeParams: true });
  const one = `/:${spec.param}`;
  r.get('/', async (req, res) => {
    const rows = sortRows(await spec.list(projectIdOf(res)), spec.sortable, req.query);
    res.json(rows.map((row) => spec.present(row, access(res))));
  });
  r.post('/', async (req, res) => {
    const body = parse(spec.schema, createBody(req.body));
    checkBodyIds(body, projectIdOf(res));
    const row = await spec.create(caller(res), projectIdOf(res), body);
    if (spec.createdWithoutBody) res.status(204).end();
    else res.status(201).json(spec.present(row, access(res)));
  });
  r.get(one, async (req, res) => {
    res.json(spec.present(await spec.get(projectIdOf(res), pathId(req.params, spec.param)), access(res)));
  });
  r.get(`${one}/refs`, async (req, res) => {
    const id = pathId(req.params, spec.param);
    await spec.get(projectIdOf(res), id);
    res.json(await spec.refs(projectIdOf(res), id));
  });
  r.put(one, async (req, res) => {
    const id = pathId(req.params, spec.param);
    const body = parse(spec.schema, req.body);
    checkBodyIds(body, projectIdOf(res), id);
    await spec.update(caller(res), projectIdOf(res), id, body);
    res.status(204).end();
  });
  r.delete(one, async (req, res) => {
    await spec.remove(caller(res), projectIdOf(res), pathId(req.params, spec.param));
    res.status(204).end();
  });
  return r;
}

/** Upstream's list sorting: a known column, ascending unless `order=desc`; otherwise as stored. */
export function sortRows<Row>(
  rows: Row[],
  sortable: Record<string, (row: Row) => string> | undefined,
  query: Record<string, unknown>,
): Row[] {
  const key = typeof query.sort === 'string' ? sortable?.[query.sort] : undefined;
  if (!key || !Object.hasOwn(sortable ?? {}, query.sort as string)) return rows;
  const sign = query.order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x === y ? 0 : x < y ? -sign : sign;
  });
}
