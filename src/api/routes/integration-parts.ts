// The routes of an integration's parts (matchers, extracted values): list, create, get, refs,
// update, delete, all scoped to /integrations/{integration_id}.
import { Router } from 'express';
import type { z } from 'zod';
import { projectIdOf } from '../context.ts';
import { caller } from '../auth.ts';
import { createBody, parse, pathId } from '../validation.ts';
import { BadRequestError } from '../../services/errors.ts';
import type { Caller } from '../../services/permissions.ts';

type Body = { integration_id?: number; id?: number };

export interface PartSpec<S extends z.ZodType<Body>, Row> {
  /** Path parameter naming one part, e.g. `matcher_id`. */
  param: string;
  schema: S;
  present: (row: Row) => unknown;
  list: (projectId: number, integrationId: number) => Promise<Row[]>;
  get: (projectId: number, integrationId: number, id: number) => Promise<Row>;
  refs: (projectId: number, integrationId: number, id: number) => Promise<unknown>;
  create: (caller: Caller, projectId: number, integrationId: number, body: z.infer<S>) => Promise<Row>;
  update: (caller: Caller, projectId: number, integrationId: number, id: number, body: z.infer<S>) => Promise<unknown>;
  remove: (caller: Caller, projectId: number, integrationId: number, id: number) => Promise<void>;
  /** Semaphore answers 200 to a new matcher and 201 to a new extracted value. */
  createdStatus: 200 | 201;
}

function checkBodyIds(body: Body, integrationId: number, partId?: number) {
  if (body.integration_id !== undefined && body.integration_id !== integrationId) {
    throw new BadRequestError(
      `integration_id: ${body.integration_id} in body and ${integrationId} in URL must be the same`,
    );
  }
  if (partId !== undefined && body.id !== undefined && body.id !== partId) {
    throw new BadRequestError(`id: ${body.id} in body and ${partId} in URL must be the same`);
  }
}

export function integrationPartRoutes<S extends z.ZodType<Body>, Row>(spec: PartSpec<S, Row>): Router {
  const r = Router({ mergeParams: true });
  const one = `/:${spec.param}`;
  const integrationId = (params: Record<string, unknown>) => pathId(params, 'integration_id');
  r.get('/', async (req, res) => {
    res.json((await spec.list(projectIdOf(res), integrationId(req.params))).map(spec.present));
  });
  r.post('/', async (req, res) => {
    const iid = integrationId(req.params);
    const body = parse(spec.schema, createBody(req.body));
    checkBodyIds(body, iid);
    res.status(spec.createdStatus).json(spec.present(await spec.create(caller(res), projectIdOf(res), iid, body)));
  });
  r.get(one, async (req, res) => {
    res.json(spec.present(await spec.get(projectIdOf(res), integrationId(req.params), pathId(req.params, spec.param))));
  });
  r.get(`${one}/refs`, async (req, res) => {
    res.json(await spec.refs(projectIdOf(res), integrationId(req.params), pathId(req.params, spec.param)));
  });
  r.put(one, async (req, res) => {
    const iid = integrationId(req.params);
    const id = pathId(req.params, spec.param);
    const body = parse(spec.schema, req.body);
    checkBodyIds(body, iid, id);
    await spec.update(caller(res), projectIdOf(res), iid, id, body);
    res.status(204).end();
  });
  r.delete(one, async (req, res) => {
    await spec.remove(caller(res), projectIdOf(res), integrationId(req.params), pathId(req.params, spec.param));
    res.status(204).end();
  });
  return r;
}
