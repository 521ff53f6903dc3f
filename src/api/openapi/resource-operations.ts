// The six operations of ../resource-routes.ts (and of integration parts, which follow the same
// pattern): list, create, get, refs, update, delete.
import { z } from 'zod';
import type { Access, ApiOperation, Named } from './operation.ts';
import { references } from './responses.ts';

export interface ResourceDoc {
  /** The collection's path, e.g. `/api/project/{project_id}/keys`. */
  base: string;
  /** The path parameter naming one object, as the route names it (`key_id`). */
  param: string;
  tag: string;
  /** For summaries: `access key`, `access keys`. */
  noun: string;
  nouns: string;
  /** For operation ids: `Key`, `Keys` (giving listKeys, createKey, getKeyRefs …). */
  stem: string;
  stems: string;
  /** The schema the route parses bodies with. */
  body: Named;
  response: Named;
  access: Access;
  /** 201 with the object (the default), 200 with the object, or 204 without a body. */
  createdStatus?: 200 | 201 | 204;
}

export function resourceOperations(doc: ResourceDoc): ApiOperation[] {
  const one = `${doc.base}/{${doc.param}}`;
  const common = { tag: doc.tag, access: doc.access };
  const created = doc.createdStatus ?? 201;
  return [
    {
      ...common,
      method: 'get',
      path: doc.base,
      id: `list${doc.stems}`,
      summary: `List ${doc.nouns}`,
      response: { status: 200, description: `The ${doc.nouns}.`, body: z.array(doc.response.schema) },
    },
    {
      ...common,
      method: 'post',
      path: doc.base,
      id: `create${doc.stem}`,
      summary: `Create ${article(doc.noun)}`,
      body: { schema: doc.body, required: true },
      response:
        created === 204
          ? { status: 204, description: `The ${doc.noun} was created (Semaphore answers without a body here).` }
          : { status: created, description: `The new ${doc.noun}.`, body: doc.response },
    },
    {
      ...common,
      method: 'get',
      path: one,
      id: `get${doc.stem}`,
      summary: `Get ${article(doc.noun)}`,
      response: { status: 200, description: `The ${doc.noun}.`, body: doc.response },
    },
    {
      ...common,
      method: 'get',
      path: `${one}/refs`,
      id: `get${doc.stem}Refs`,
      summary: `What refers to ${article(doc.noun)}`,
      description: `The objects that use this ${doc.noun}; while there are any, it cannot be deleted.`,
      response: { status: 200, description: 'The referring objects by kind.', body: references },
    },
    {
      ...common,
      method: 'put',
      path: one,
      id: `update${doc.stem}`,
      summary: `Update ${article(doc.noun)}`,
      description: 'An `id` in the body, when given, must be the one in the path.',
      body: { schema: doc.body, required: true },
      response: { status: 204, description: `The ${doc.noun} was updated.` },
    },
    {
      ...common,
      method: 'delete',
      path: one,
      id: `delete${doc.stem}`,
      summary: `Delete ${article(doc.noun)}`,
      description: `Refused with 400 and \`inUse: true\` while other objects refer to the ${doc.noun}.`,
      response: { status: 204, description: `The ${doc.noun} was deleted.` },
    },
  ];
}

const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
