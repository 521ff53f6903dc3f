import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import { buildDocument, openApiJson } from './document.ts';
import { apiOperations } from './operations/index.ts';

const COMMITTED = resolve(import.meta.dirname, '../../../docs/openapi.json');
type Doc = Record<string, any>;

test('docs/openapi.json is what the registry generates now (else: run `npm run openapi` and commit it)', () => {
  const committed = existsSync(COMMITTED) ? readFileSync(COMMITTED, 'utf8') : '';
  const generated = openApiJson();
  if (committed === generated) return;
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  assert.fail(
    `docs/openapi.json is stale: run \`npm run openapi\` and commit the result.\n` +
      `first difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  generated: ${b[line] ?? '(end of file)'}`,
  );
});

test('the document is valid OpenAPI 3.1', async () => {
  const doc = buildDocument();
  assert.equal(doc.openapi, '3.1.0');
  const result = await validate(structuredClone(doc) as never);
  assert.ok(result.valid, result.valid ? '' : compileErrors(result));
});

test('the validator is not a formality: a dangling reference and an undeclared path parameter are refused', async () => {
  const dangling = structuredClone(buildDocument()) as Doc;
  dangling.paths['/api/projects'].get.responses['200'].content['application/json'].schema = {
    $ref: '#/components/schemas/NoSuchThing',
  };
  assert.equal((await validate(dangling as never)).valid, false);

  const undeclared = structuredClone(buildDocument()) as Doc;
  undeclared.paths['/api/projects/{project_id}/nothing'] = { get: undeclared.paths['/api/projects'].get };
  assert.equal((await validate(undeclared as never)).valid, false);
});

test('two generations give the same text', () => {
  assert.equal(openApiJson(), openApiJson());
});

test('operations say who may call them: public ones need no credentials, project writes name the permission and roles', () => {
  const doc = buildDocument() as Doc;
  const ping = doc.paths['/api/ping'].get;
  assert.deepEqual(ping.security, []);
  assert.equal(ping.responses['401'], undefined);

  const createKey = doc.paths['/api/project/{project_id}/keys'].post;
  assert.equal(createKey.security, undefined, 'the document-wide bearer token or session cookie applies');
  assert.match(createKey.description, /manage_project_resources \(owner, manager\)/);
  assert.equal(createKey['x-access'], 'project:manage_project_resources');
  assert.deepEqual(Object.keys(createKey.responses), ['204', '400', '401', '403', '404']);

  const runTask = doc.paths['/api/project/{project_id}/tasks'].post;
  assert.match(runTask.description, /run_project_tasks \(owner, manager, task_runner\)/);

  const listKeys = doc.paths['/api/project/{project_id}/keys'].get;
  assert.match(listKeys.description, /any member of the project/);
  assert.equal(listKeys.responses['403'], undefined);

  assert.equal(doc.paths['/api/options'].get['x-access'], 'admin');
  assert.deepEqual(doc.paths['/api/runner/self'].get.security, [{ runnerToken: [] }]);
});

test("request bodies are the routes' own zod schemas, read as zod reads input", () => {
  const schemas = (buildDocument() as Doc).components.schemas;
  // keyBody: name and type required, the rest optional; an unknown type is refused by the enum.
  assert.deepEqual(schemas.AccessKeyInput.required, ['name', 'type']);
  assert.deepEqual(schemas.AccessKeyInput.properties.type.enum, ['none', 'ssh', 'login_password', 'string']);
  // A field with a default may be left out.
  assert.deepEqual(schemas.ScheduleInput.required, ['template_id']);
  assert.equal(schemas.ScheduleInput.properties.active.default, true);
  // Responses are closed: a presenter that adds a field must add it to its schema too.
  assert.equal(schemas.AccessKey.additionalProperties, false);
});

test('every operation has a unique id, a summary and a documented success status', () => {
  const ids = apiOperations.map((op) => op.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const op of apiOperations) {
    assert.ok(op.summary, `${op.id} has no summary`);
    // A redirect is the success of the browser's sign-in routes (OpenID Connect), with no body.
    const redirect = op.response.status === 302 && !op.response.body;
    assert.ok(
      (op.response.status >= 100 && op.response.status < 300) || redirect,
      `${op.id}: success status ${op.response.status}`,
    );
  }
});
