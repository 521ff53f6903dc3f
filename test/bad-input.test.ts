// Malformed and hostile input on every write route, on SQLite and PostgreSQL: broken JSON, bodies
// that are not objects, wrong types, missing fields, oversized bodies and strings, NUL bytes, ids
// that are not numbers, name nothing or belong to another project, and shell-like strings. Every
// answer is a 4xx with {"error": "..."} naming the field at fault, and the database is unchanged
// (every row of every table is compared before and after each request). Hostile strings in free
// text may be stored as given, never a 5xx. The valid call of each route, made last, succeeds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { installStandIns } from './support/stand-ins.ts';
import { OBJECTS_REPO_FILES, stopAllTasks } from './support/project-objects.ts';
import { compareRoutes, appRoutes } from './support/app-routes.ts';
import { changes, stillSnapshot, snapshot, type Snapshot } from './support/db-snapshot.ts';
import { createWorld, type World } from './support/bad-input/world.ts';
import { badPayloads, hostilePayloads, notAnObject, withField } from './support/bad-input/payloads.ts';
import { STRING_PARAMS, type Params, type Target } from './support/bad-input/route-spec.ts';
import { GLOBAL_WRITE_ROUTES } from './support/bad-input/global-routes.ts';
import { PROJECT_WRITE_ROUTES } from './support/bad-input/project-routes.ts';
import type { ApiResponse } from './support/api-client.ts';

const ROUTES = [...GLOBAL_WRITE_ROUTES, ...PROJECT_WRITE_ROUTES];

/** Path values that are not ids; each must be refused with 400 naming the parameter. */
const BAD_IDS = ['abc', '-1', '0', '1.5', '99999999999999999999', '2147483648', '%00', '0x10', '1e3', '%201', '..%2F..%2Fetc%2Fpasswd', '%24(id)', '7%3Brm%20-rf%20%2F'];
const BAD_STRING_PARAMS: Record<string, string[]> = {
  app_id: ['%24(id)', 'a'.repeat(65), '%00', '-rf', '..%2F..%2Fetc%2Fpasswd', 'a%20b', 'a%0Ab'],
  token_id: ['x'.repeat(101), '%00'],
};
const UNKNOWN: Record<string, string> = { app_id: 'no_such_app', token_id: 'no-such-token' };
const OVER_LIMIT = 2 * 1024 * 1024 + 1000;

function fill(path: string, params: Params, raw: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => raw[name] ?? encodeURIComponent(String(params[name])));
}

/** The field an error message names: "ssh_key_id: access key 9 not found" → "ssh_key_id". */
function namedField(error: string): string {
  return /^(.+?): /.exec(error)?.[1] ?? '';
}

function namesField(error: string, field: string, alias?: string): boolean {
  const named = namedField(error);
  return named === field || named === alias || field.startsWith(`${named}.`) || named.startsWith(`${field}.`);
}

test('the bad-input table has one row per write route of the app', () => {
  const writes = appRoutes().filter((r) => !r.startsWith('GET '));
  const routes = ROUTES.map((r) => r.route);
  assert.deepEqual(routes.filter((r, i) => routes.indexOf(r) !== i), [], 'duplicate rows');
  const { missingRows, staleRows } = compareRoutes(routes, writes);
  assert.deepEqual(missingRows, [], 'write routes without a row in support/bad-input/*-routes.ts');
  assert.deepEqual(staleRows, [], 'rows for write routes the app does not have');
});

// The databases run side by side: each has its own stack, world and Temporal namespace.
describe('bad input', { concurrency: true }, () => {
  for (const kind of DB_KINDS) {
    describe(`on ${kind}`, () => {
      let stack: InProcessStack;
      let world: World;

      before(async () => {
        installStandIns(); // the confirm and reject routes need a Terraform plan waiting for confirmation
        stack = await startInProcess(kind);
        world = await createWorld(stack, makeRepo(OBJECTS_REPO_FILES).url);
      });
      after(async () => {
        if (stack) await stopAllTasks(stack.admin);
        await stack?.close();
      });

      for (const spec of ROUTES) {
        test(`${spec.route}: bad input gets a 4xx naming the field and changes nothing`, async () => {
          const [method, path] = spec.route.split(' ');
          const target = await spec.target(world);
          const url = fill(path, target.params);
          let before: Snapshot = await stillSnapshot(stack.db);
          const problems: string[] = [];

          /** Sends one bad request; `body` is sent as given (a string is raw text). */
          const refused = async (what: string, at: string, body: unknown, expect: { status?: number; field?: string; alias?: string }) => {
            const res = await world.admin.request(method, at, body, target.headers);
            const where = `${what} (${method} ${at.slice(0, 120)})`;
            if (res.status < 400 || res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (expect.status && res.status !== expect.status) problems.push(`${where}: ${res.status}, expected ${expect.status}: ${res.text.slice(0, 200)}`);
            else if (typeof res.body?.error !== 'string' || !res.body.error) problems.push(`${where}: ${res.status} without {"error": "..."}: ${res.text.slice(0, 200)}`);
            else if (res.status === 400 && expect.field && !namesField(res.body.error, expect.field, expect.alias)) problems.push(`${where}: error does not name ${expect.field}: ${res.body.error}`);
            const after = await snapshot(stack.db);
            const changed = changes(before, after);
            if (changed.length) problems.push(`${where}: the database changed: ${changed.join('; ')}`);
            before = after;
          };
          const json = (v: unknown) => JSON.stringify(v);
          const body = spec.noBody ? undefined : json(target.body);

          // The body as a whole.
          await refused('malformed JSON', url, '{"name": "x",', { status: 400 });
          await refused('JSON with single quotes', url, "{'name': 'x'}", { status: 400 });
          await refused(`a body of ${OVER_LIMIT} bytes`, url, json({ name: 'x'.repeat(OVER_LIMIT) }), { status: 413 });
          if (!spec.noBody) {
            for (const p of notAnObject(!!spec.optionalBody)) await refused(p.what, url, json(p.body), p);
          }

          // Path parameters: not ids, unknown, or another project's.
          for (const param of path.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
            for (const bad of STRING_PARAMS.has(param) ? BAD_STRING_PARAMS[param] : BAD_IDS) {
              await refused(`${param} ${JSON.stringify(bad)}`, fill(path, target.params, { [param]: bad }), body, { status: 400, field: param });
            }
            if (!spec.pathCreates) {
              const unknown = UNKNOWN[param] ?? '2147483647';
              await refused(`${param} naming nothing`, fill(path, target.params, { [param]: unknown }), body, { status: 404 });
            }
          }
          if (spec.foreignParams) await refused("another project's object in the path", fill(path, spec.foreignParams(world)), body, { status: 404 });

          // Fields of the body.
          if (!spec.noBody) {
            for (const [field, value] of Object.entries(spec.foreign?.(world) ?? {})) {
              await refused(`${field}: another project's id ${String(value)}`, url, json(withField(target.body, field, value)), { status: 400, field });
            }
            for (const p of badPayloads(target.body, spec.fields ?? [])) await refused(p.what, url, json(p.body), p);
            for (const r of spec.rules?.(world) ?? []) {
              await refused(r.what, url, json({ ...(target.body as object), ...r.patch }), { status: r.status ?? 400, field: r.field });
            }
            // Accepted ones that started something (tasks) settle together at the end.
            const started: ApiResponse[] = [];
            for (const p of hostilePayloads(target.body, spec.fields ?? [])) {
              const res = await world.admin.request(method, url, json(p.body), target.headers);
              if (res.status >= 500) problems.push(`${p.what}: ${res.status} ${res.text.slice(0, 200)}`);
              else if (res.status === 400 && !namesField(String(res.body?.error), p.field, p.alias)) problems.push(`${p.what}: error does not name ${p.field}: ${res.text}`);
              if (res.status < 300 && spec.settle) started.push(res);
              if (spec.settle) continue;
              const after = await snapshot(stack.db);
              const changed = changes(before, after);
              if (res.status >= 300 && changed.length) problems.push(`${p.what}: refused, yet the database changed: ${changed.join('; ')}`);
              before = after;
            }
            if (spec.settle) {
              await Promise.all(started.map((res) => spec.settle!(world, target, res)));
              before = await stillSnapshot(stack.db, 1500);
            }
          }

          assert.deepEqual(problems, []);

          // A valid call, last: it succeeds, so the refusals above were for what was wrong. (On a fresh
          // target: an accepted hostile string may have taken the first one's unique name.)
          const control: Target = await spec.target(world);
          const controlUrl = fill(path, control.params);
          const controlBody = spec.noBody ? undefined : json(control.body);
          const ok: ApiResponse = await world.admin.request(method, controlUrl, controlBody, control.headers);
          assert.equal(ok.status, spec.ok, `the valid call ${method} ${controlUrl} ${controlBody?.slice(0, 300) ?? ''}: ${ok.text}`);
          if (spec.settle) {
            await spec.settle(world, control, ok);
            await stillSnapshot(stack.db, 1500); // a finished task's last bookkeeping comes after its status
          }
        });
      }
    });
  }
});
