// The OpenAPI 3.1 document, built from the registry of operations (./operations). The same
// function feeds GET /api/openapi.json and `npm run openapi`, which writes docs/openapi.json.
// Key order is fixed (paths and components sorted), so the committed file changes only when the API does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { id } from '../../contracts/fields.ts';
import { Permission, ROLE_PERMISSIONS } from '../../services/permissions.ts';
import type { Access, ApiOperation, Method, Named } from './operation.ts';
import { JsonSchemas } from './json-schemas.ts';
import { apiOperations } from './operations/index.ts';
import * as responses from './responses.ts';
import { backupDocument } from './backup-document.ts';
import { DOCUMENT_INFO, SECURITY_SCHEMES, TAGS } from './document-info.ts';
import { projectRoot } from '../../paths.ts';

type Json = Record<string, unknown>;

const METHOD_ORDER: Method[] = ['get', 'put', 'post', 'delete', 'options'];
const VERSION: string = JSON.parse(readFileSync(resolve(projectRoot, 'package.json'), 'utf8')).version;

const STANDARD_ERRORS: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description: 'The body, the query or a path parameter is not valid; `error` names the field and the problem.',
  },
  401: { name: 'Unauthorized', description: 'No valid session cookie or API token.' },
  403: { name: 'Forbidden', description: 'The caller may not do this.' },
  404: { name: 'NotFound', description: 'No such object, or it lies in a project the caller is not a member of.' },
};

export function buildDocument(operations: ApiOperation[] = apiOperations, version = VERSION): Json {
  const schemas = new JsonSchemas();
  // Response shapes first, so that unnamed schemas (lists, unions) refer to them.
  for (const value of [...Object.values(responses), backupDocument]) schemas.ref(value, 'output');

  const paths: Record<string, Record<string, Json>> = {};
  const idParams = new Set(
    operations.flatMap((op) =>
      [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => !op.params?.[name]),
    ),
  );
  const seenIds = new Set<string>();
  for (const op of operations) {
    if (!TAGS.some((t) => t.name === op.tag))
      throw new Error(`${op.id}: tag "${op.tag}" is not listed in document-info.ts`);
    if (seenIds.has(op.id)) throw new Error(`operation id ${op.id} is used twice`);
    seenIds.add(op.id);
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is registered twice`);
    item[op.method] = operationObject(op, schemas);
  }

  const errorRef = schemas.ref(responses.errorResponse, 'output');
  return {
    openapi: '3.1.0',
    info: { ...DOCUMENT_INFO, version },
    tags: TAGS,
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths: Object.fromEntries(
      Object.keys(paths)
        .sort(byText)
        .map((path) => [
          path,
          Object.fromEntries(METHOD_ORDER.filter((m) => paths[path][m]).map((m) => [m, paths[path][m]])),
        ]),
    ),
    components: {
      securitySchemes: SECURITY_SCHEMES,
      parameters: Object.fromEntries(
        [...idParams]
          .sort(byText)
          .map((name) => [name, { name, in: 'path', required: true, schema: schemas.inline(id, 'input') }]),
      ),
      responses: Object.fromEntries(
        Object.values(STANDARD_ERRORS).map(({ name, description }) => [
          name,
          { description, content: { 'application/json': { schema: errorRef } } },
        ]),
      ),
      schemas: schemas.components(),
    },
  };
}

/** The document as served and committed: two-space indented, with a final newline. */
export function openApiJson(document = buildDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function operationObject(op: ApiOperation, schemas: JsonSchemas): Json {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const parameters = [
    ...pathParams.map((name) =>
      op.params?.[name]
        ? { name, in: 'path', required: true, schema: schemas.inline(op.params[name], 'input') }
        : { $ref: `#/components/parameters/${name}` },
    ),
    ...queryParameters(op.query, schemas),
  ];
  const errors = new Set<number>(op.standardErrors);
  if (!op.standardErrors) {
    if (op.body || op.query || pathParams.length) errors.add(400);
    if (op.access !== 'public') errors.add(401);
    if (canForbid(op.access, op.method)) errors.add(403);
    if (pathParams.length) errors.add(404);
  }

  const errorRef = schemas.ref(responses.errorResponse, 'output');
  const answers: Record<string, Json> = { [op.response.status]: successObject(op, schemas) };
  for (const status of [...errors].sort((a, b) => a - b))
    answers[status] = { $ref: `#/components/responses/${STANDARD_ERRORS[status].name}` };
  for (const [status, description] of Object.entries(op.otherResponses ?? {})) {
    answers[status] = { description, content: { 'application/json': { schema: errorRef } } };
  }

  return {
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, `**Access:** ${accessText(op.access, op.method)}`].filter(Boolean).join('\n\n'),
    operationId: op.id,
    ...(op.access === 'public' ? { security: [] } : op.access === 'runner' ? { security: [{ runnerToken: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required,
            content: { 'application/json': { schema: schemas.ref(op.body.schema, 'input') } },
          },
        }
      : {}),
    responses: answers,
    'x-access': accessTag(op.access),
  };
}

function successObject(op: ApiOperation, schemas: JsonSchemas): Json {
  const { description, body, media } = op.response;
  if (body) {
    const schema = isNamed(body) ? schemas.ref(body, 'output') : schemas.inline(body, 'output');
    return { description, content: { 'application/json': { schema } } };
  }
  if (media)
    return {
      description,
      content: Object.fromEntries(media.types.map((t) => [t, { schema: schemas.inline(media.schema, 'output') }])),
    };
  return { description };
}

function queryParameters(query: z.ZodObject | undefined, schemas: JsonSchemas): Json[] {
  if (!query) return [];
  const converted = schemas.inline(query, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(converted.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: converted.required?.includes(name) ?? false,
    schema,
  }));
}

const isNamed = (body: Named | z.ZodType): body is Named =>
  'name' in body && 'schema' in body && typeof body.name === 'string';
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const PERMISSION_NAMES = Object.fromEntries(
  Object.entries(Permission).map(([name, bit]) => [bit, name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
);

/** Whether a caller with credentials can be refused with 403 (rather than 401 or 404). */
function canForbid(access: Access, method: Method): boolean {
  if (access === 'admin' || access === 'runner') return true;
  if (typeof access === 'string') return false;
  if ('admin' in access) return access.admin.refusal === 403;
  if ('projectCreator' in access) return access.projectCreator.refusal === 403;
  if ('project' in access) {
    const { read, write, adminOnly } = access.project;
    return method === 'get' ? Boolean(read) : Boolean(write || adminOnly);
  }
  return false;
}

function accessTag(access: Access): string {
  if (typeof access === 'string') return access;
  if ('admin' in access) return 'admin';
  if ('selfOrAdmin' in access) return 'self-or-admin';
  if ('projectCreator' in access) return 'project-creator';
  const { read, write, adminOnly } = access.project;
  const reads = read ? `;read:${permissionNames(read).join('+')}` : '';
  if (adminOnly) return `project:admin${reads}`;
  return `${write ? `project:${permissionNames(write).join('+')}` : 'project'}${reads}`;
}

function accessText(access: Access, method: Method): string {
  if (access === 'public') return 'public, no credentials needed.';
  if (access === 'user') return 'any signed-in user.';
  if (access === 'admin') return 'administrators only.';
  if (access === 'runner')
    return 'a remote runner, by the token it got when it was registered (`X-Runner-Token`); an active runner, and for a task only one whose tag the task needs.';
  if ('admin' in access) return `administrators only (others get ${access.admin.refusal}).`;
  if ('selfOrAdmin' in access) return 'the user whose account it is, and administrators (others get 401).';
  if ('projectCreator' in access) {
    return (
      'administrators, and every signed-in user when the server sets `SIGNALMAN_NON_ADMIN_CAN_CREATE_PROJECT` ' +
      `(others get ${access.projectCreator.refusal}).`
    );
  }
  const { read, write, adminOnly } = access.project;
  const bits = method === 'get' ? (read ?? 0) : write;
  if (method !== 'get' && adminOnly) return 'administrators only.';
  if (!bits) return 'any member of the project, and administrators.';
  const roles = Object.entries(ROLE_PERMISSIONS)
    .filter(([, granted]) => (granted & bits) === bits)
    .map(([role]) => role);
  return `members whose role grants ${permissionNames(bits).join(' and ')} (${roles.join(', ')}), and administrators.`;
}

const permissionNames = (bits: number) =>
  Object.entries(PERMISSION_NAMES)
    .filter(([bit]) => bits & Number(bit))
    .map(([, name]) => name);
