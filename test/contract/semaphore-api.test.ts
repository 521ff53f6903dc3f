// Every operation of Semaphore's API description, called on a running Signalman (real API, worker
// and Temporal, on SQLite and PostgreSQL): each answers the status the spec documents for success,
// and where the spec gives a response schema, the body validates against it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from '../support/env.ts';
import { startInProcess, type InProcessStack } from '../support/in-process.ts';
import { makeRepo } from '../support/git-repo.ts';
import type { ApiResponse } from '../support/api-client.ts';
import { existsSync } from 'node:fs';
import { exampleFor, loadSpec, queryValue, SPEC_PATH, type Operation } from './spec.ts';
import { SchemaCheck } from './schema-check.ts';
import { ContractFixtures, type FixtureParam } from './fixtures.ts';
import { PLANS, type Plan } from './plans.ts';

// The description is Semaphore's own file, read from the shared reference folder beside the
// project (not copied into it). Where that folder is absent the suite says so and is skipped.
const specMissing = existsSync(SPEC_PATH)
  ? false
  : `Semaphore's API description is not at ${SPEC_PATH} (set SIGNALMAN_API_SPEC)`;
const spec = specMissing ? { basePath: '/api', definitions: {}, operations: [] } : loadSpec();
const schemas = new SchemaCheck(spec.definitions);

// Deletes run after everything else (they act on throwaway objects, but a failed one must not
// leave later operations without their fixtures).
const ordered = [
  ...spec.operations.filter((o) => o.method !== 'DELETE'),
  ...spec.operations.filter((o) => o.method === 'DELETE'),
];

async function callOperation(
  op: Operation,
  plan: Plan,
  f: ContractFixtures,
  stack: InProcessStack,
): Promise<ApiResponse> {
  const given = (await plan.params?.(f)) ?? {};
  const param = (name: string) => given[name] ?? f.need(name as FixtureParam);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(param(name))));
  const query = new URLSearchParams();
  for (const p of op.parameters.filter((p) => p.in === 'query' && p.required)) {
    const value = queryValue(p);
    if (value !== undefined) query.set(p.name, value);
  }
  let body: unknown;
  if (op.bodySchema) {
    const example = (exampleFor(op.bodySchema, spec.definitions) ?? {}) as Record<string, unknown>;
    body = plan.body ? await plan.body(f, example) : example;
    // Like upstream's hooks, a PUT names its object in the body too: `id` is the path's last id.
    const last = /\{(\w+)\}\/?$/.exec(op.path);
    if (op.method === 'PUT' && last) body = { ...(body as object), id: Number(param(last[1])) };
  }
  const client = plan.client ? await plan.client(f) : op.public ? stack.anonymous : stack.admin;
  const url = `${spec.basePath}${path}${query.size ? `?${query}` : ''}`;
  return client.request(op.method, url, body);
}

if (specMissing) test('Semaphore API contract', { skip: specMissing }, () => {});

for (const kind of specMissing ? [] : DB_KINDS) {
  describe(`Semaphore API contract on ${kind}`, () => {
    let stack: InProcessStack;
    let fixtures: ContractFixtures;

    before(async () => {
      stack = await startInProcess(kind);
      const repo = makeRepo(
        { 'hello.sh': 'echo "hello from the contract suite"\n', 'sleep.sh': 'sleep 120\n' },
        'contract scripts',
      );
      fixtures = new ContractFixtures(stack.admin, repo.url);
      await fixtures.setUp();
    });
    after(async () => stack?.close());

    for (const op of ordered) {
      const plan = PLANS[op.key] ?? {};
      test(`${op.key} answers ${op.status}`, { skip: plan.skip ?? false }, async () => {
        const res = await callOperation(op, plan, fixtures, stack);
        assert.equal(
          res.status,
          op.status,
          `${op.method} ${op.path} answered ${res.status}: ${res.text.slice(0, 500)}`,
        );
        if (op.produces) {
          const type = res.headers.get('content-type') ?? '';
          assert.ok(
            op.produces.some((p) => type.startsWith(p)),
            `content-type ${type}, expected one of ${op.produces.join(', ')}`,
          );
        }
        if (op.responseSchema) {
          const problems = schemas.problems(op.responseSchema, res.body);
          if (problems.length > 0)
            assert.fail(`the body does not match the spec's schema:\n  ${problems.join('\n  ')}`);
        }
      });
    }
  });
}
