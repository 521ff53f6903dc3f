// The bad-input suite for a table of write routes, on SQLite and PostgreSQL. For each route: broken
// JSON, bodies that are not objects, oversized bodies, path ids that are not ids, name nothing or
// belong to the other project, then bad fields (from the route's field list), ids of the other
// project and what the rules refuse. Each answer must be a 4xx with {"error": "..."} naming the
// field at fault, and leave every table's row count and the path's objects as they were (and, over
// the whole route, every row of every table). Hostile strings in free text are data and may be
// accepted, never with a 5xx; fields that reach a command line or a path refuse them. Last, a valid
// call must succeed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResponse } from '../api-client.ts';
import { DB_KINDS } from '../env.ts';
import { startInProcess, type InProcessStack } from '../in-process.ts';
import { makeRepo } from '../git-repo.ts';
import { installStandIns } from '../stand-ins.ts';
import { OBJECTS_REPO_FILES, stopAllTasks } from '../project-objects.ts';
import { changes, stillSnapshot, snapshot } from '../db-snapshot.ts';
import { objectRows, rowCounter } from '../db-watch.ts';
import { createWorld, type World } from './world.ts';
import { badPayloads, deepJson, hostilePayloads, notAnObject, withField } from './payloads.ts';
import { STRING_PARAMS, type Params, type Target, type WriteRoute } from './route-spec.ts';

/**
 * Path values that are not ids; each must be refused with 400 naming the parameter. Every route
 * parses ids the same way, so each parameter name meets the whole list once and a sample after.
 */
const BAD_IDS = [
  'abc',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '2147483648',
  '%00',
  '0x10',
  '1e3',
  '%201',
  '..%2F..%2Fetc%2Fpasswd',
  '%24(id)',
  '7%3Brm%20-rf%20%2F',
];
const BAD_IDS_SAMPLE = ['abc', '1e3'];
const BAD_STRING_PARAMS: Record<string, string[]> = {
  app_id: ['%24(id)', 'a'.repeat(65), '%00', '-rf', '..%2F..%2Fetc%2Fpasswd', 'a%20b', 'a%0Ab'],
  token_id: ['x'.repeat(101), '%00'],
};
const UNKNOWN: Record<string, string> = { app_id: 'no_such_app', token_id: 'no-such-token' };
const OVER_LIMIT = 2 * 1024 * 1024 + 1000;

function fill(path: string, params: Params, raw: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => raw[name] ?? encodeURIComponent(String(params[name])));
}

/** Whether the error names `field`: "ssh.private_key: is required" names ssh and ssh.private_key. */
function namesField(error: string, field: string, alias?: string): boolean {
  const named = /^(.+?): /.exec(error)?.[1] ?? '';
  return named === field || named === alias || field.startsWith(`${named}.`) || named.startsWith(`${field}.`);
}

interface Expect {
  status?: number;
  field?: string;
  alias?: string;
}

export function badInputSuite(routes: WriteRoute[]): void {
  for (const kind of DB_KINDS) {
    describe(`bad input on ${kind}`, () => {
      let stack: InProcessStack;
      let world: World;
      let counts: () => Promise<Record<string, number>>;
      const paramsSeen = new Set<string>();

      before(async () => {
        installStandIns(); // confirm and reject need a Terraform plan waiting for confirmation
        stack = await startInProcess(kind);
        world = await createWorld(stack, makeRepo(OBJECTS_REPO_FILES).url);
        counts = await rowCounter(stack.db, kind);
      });
      after(async () => {
        if (stack) await stopAllTasks(stack.admin);
        await stack?.close();
      });

      for (const spec of routes) {
        test(`${spec.route}: bad input gets a 4xx naming the field and changes nothing`, async () => {
          const [method, path] = spec.route.split(' ');
          const target = await spec.target(world);
          const url = fill(path, target.params);
          const json = deepJson;
          const body = spec.noBody ? undefined : json(target.body);
          const problems: string[] = [];

          const wholeBefore = await stillSnapshot(stack);
          const state = async () => json({ counts: await counts(), rows: await objectRows(stack.db, target.params) });
          let before = await state();
          /** Compares the row counts and the path's objects with the last state; true when unchanged. */
          const unchanged = async (where: string) => {
            const now = await state();
            if (now === before) return true;
            problems.push(`${where}: the database changed: ${now.slice(0, 600)} (was ${before.slice(0, 600)})`);
            before = now;
            return false;
          };
          const send = (at: string, sent: string | undefined) => world.admin.request(method, at, sent, target.headers);
          const refused = async (what: string, at: string, sent: string | undefined, expect: Expect) => {
            const res = await send(at, sent);
            const where = `${what} (${method} ${at.slice(0, 120)})`;
            if (res.status < 400 || res.status >= 500)
              problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (expect.status && res.status !== expect.status)
              problems.push(`${where}: ${res.status}, expected ${expect.status}: ${res.text.slice(0, 200)}`);
            else if (typeof res.body?.error !== 'string' || !res.body.error)
              problems.push(`${where}: ${res.status} without {"error": "..."}: ${res.text.slice(0, 200)}`);
            else if (res.status === 400 && expect.field && !namesField(res.body.error, expect.field, expect.alias))
              problems.push(`${where}: error does not name ${expect.field}: ${res.body.error}`);
            await unchanged(where);
          };

          // The body as a whole.
          await refused('malformed JSON', url, '{"name": "x",', { status: 400 });
          await refused(`a body of ${OVER_LIMIT} bytes`, url, json({ name: 'x'.repeat(OVER_LIMIT) }), { status: 413 });
          if (!spec.noBody)
            for (const p of notAnObject(!!spec.optionalBody)) await refused(p.what, url, json(p.body), p);

          // Path parameters: not ids, naming nothing, or naming the other project's objects.
          for (const param of path.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
            const bad = STRING_PARAMS.has(param)
              ? BAD_STRING_PARAMS[param]
              : paramsSeen.has(param)
                ? BAD_IDS_SAMPLE
                : BAD_IDS;
            paramsSeen.add(param);
            for (const value of bad)
              await refused(`${param} ${json(value)}`, fill(path, target.params, { [param]: value }), body, {
                status: 400,
                field: param,
              });
            if (!spec.pathCreates)
              await refused(
                `${param} naming nothing`,
                fill(path, target.params, { [param]: UNKNOWN[param] ?? '2147483647' }),
                body,
                { status: 404 },
              );
          }
          if (spec.foreignParams)
            await refused("another project's object in the path", fill(path, spec.foreignParams(world)), body, {
              status: 404,
            });

          // Fields of the body.
          if (!spec.noBody) {
            for (const [field, value] of Object.entries(spec.foreign?.(world) ?? {})) {
              await refused(
                `${field}: another project's id ${String(value)}`,
                url,
                json(withField(target.body, field, value)),
                { status: 400, field },
              );
            }
            for (const p of badPayloads(target.body, spec.fields ?? [])) await refused(p.what, url, json(p.body), p);
            for (const r of spec.rules?.(world) ?? []) {
              await refused(r.what, url, json({ ...(target.body as object), ...r.patch }), {
                status: r.status ?? 400,
                field: r.field,
              });
            }
          }
          const changedAtAll = changes(wholeBefore, await snapshot(stack.db));
          if (changedAtAll.length)
            problems.push(`after the refused requests, rows changed: ${changedAtAll.join('; ')}`);

          // Hostile strings in free text: refused or accepted, never a 5xx. Accepted requests that
          // start something (tasks) settle together at the end.
          const started: ApiResponse[] = [];
          for (const p of hostilePayloads(target.body, spec.fields ?? [])) {
            const res = await send(url, json(p.body));
            if (res.status >= 500) problems.push(`${p.what}: ${res.status} ${res.text.slice(0, 200)}`);
            else if (res.status === 400 && !namesField(String(res.body?.error), p.field, p.alias))
              problems.push(`${p.what}: error does not name ${p.field}: ${res.text}`);
            if (res.status < 300) {
              if (spec.settle) started.push(res);
              else before = await state();
            } else if (!spec.settle) {
              await unchanged(`${p.what}, refused`);
            }
          }
          if (spec.settle) await Promise.all(started.map((res) => spec.settle!(world, target, res)));

          assert.deepEqual(problems, []);

          // A valid call, last: it succeeds, so the refusals above were for what was wrong. (On a fresh
          // target: an accepted hostile string may have taken the first one's unique name.)
          const control: Target = await spec.target(world);
          const controlUrl = fill(path, control.params);
          const controlBody = spec.noBody ? undefined : json(control.body);
          const ok = await world.admin.request(method, controlUrl, controlBody, control.headers);
          assert.equal(
            ok.status,
            spec.ok,
            `the valid call ${method} ${controlUrl} ${controlBody?.slice(0, 300) ?? ''}: ${ok.text}`,
          );
          if (spec.settle) {
            await spec.settle(world, control, ok);
            await stillSnapshot(stack); // a finished task's last bookkeeping comes after its status
          }
        });
      }
    });
  }
}
