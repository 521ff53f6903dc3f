// The authorization matrix's tests, shared by test/authorization-matrix*.test.ts: one file per
// database, so that each stays well inside the runner's time limit per file on a busy host.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DbKind } from './env.ts';
import { startInProcess, type InProcessStack } from './in-process.ts';
import { makeRepo, type TestRepo } from './git-repo.ts';
import { installStandIns } from './stand-ins.ts';
import { OBJECTS_REPO_FILES, stopAllTasks } from './project-objects.ts';
import { appRoutes, compareRoutes } from './app-routes.ts';
import { CALLERS, createScene, type CallerKind, type Scene } from './authz-scene.ts';
import { MATRIX, type Row } from './authz-rows.ts';
import { REGISTRY, expectedStatus, routeOf, type Situation } from './authz-expectations.ts';
import { apiOperations } from '../../src/api/openapi/operations/index.ts';

/** The matrix's server keeps Semaphore's default: only administrators create projects. */
const SITUATION: Situation = { nonAdminCanCreateProject: false };
const expected = (row: Row, caller: CallerKind) => expectedStatus(row.route, caller, SITUATION, row.answers);

/** The path of `route` with its parameters filled in. */
function fill(path: string, params: Record<string, string | number>): string {
  return path.replace(/[:*](\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(params[name]));
  });
}

/** "admin, owner 204; guest 403; outsider 404; anonymous 401" */
function describeRow(row: Row): string {
  const groups = new Map<number, CallerKind[]>();
  for (const c of CALLERS) {
    const status = expected(row, c);
    groups.set(status, [...(groups.get(status) ?? []), c]);
  }
  return [...groups].map(([status, callers]) => `${callers.join(', ')} ${status}`).join('; ');
}

/** The checks of the matrix's table against the registry (once), and the matrix on `kinds`. */
export function authorizationMatrix(kinds: DbKind[], tableChecks: boolean): void {
  if (tableChecks) {
    test('the matrix has exactly one row per route of the app', () => {
      const routes = MATRIX.map((r) => r.route);
      assert.deepEqual(
        routes.filter((r, i) => routes.indexOf(r) !== i),
        [],
        'duplicate rows',
      );
      const { missingRows, staleRows } = compareRoutes(routes);
      assert.deepEqual(missingRows, [], 'routes without a row in support/authz-rows.ts');
      assert.deepEqual(staleRows, [], 'rows for routes the app does not have');
      assert.ok(appRoutes().filter((r) => r.includes('/api/project/:project_id')).length >= 90);
    });

    test('every route of the app declares its access in the operation registry, in a form the matrix can read', () => {
      const undeclared = appRoutes().filter((route) => !REGISTRY.has(route));
      assert.deepEqual(
        undeclared,
        [],
        'routes without an entry (and so without an access rule) in src/api/openapi/operations',
      );
      const unreadable: string[] = [];
      for (const op of apiOperations) {
        for (const caller of CALLERS) {
          try {
            expectedStatus(routeOf(op), caller, SITUATION);
          } catch (err) {
            unreadable.push((err as Error).message);
            break;
          }
        }
      }
      assert.deepEqual(unreadable, [], 'access rules the matrix cannot interpret');
    });

    test('the expectations are not a formality: an undeclared route and an unknown rule are refused by name', () => {
      assert.throws(() => expectedStatus('GET /api/nowhere', 'owner', SITUATION), /GET \/api\/nowhere has no entry/);
      const op = REGISTRY.get('GET /api/projects')!;
      const saved = op.access;
      try {
        (op as { access: unknown }).access = { somethingElse: true };
        assert.throws(
          () => expectedStatus('GET /api/projects', 'owner', SITUATION),
          /GET \/api\/projects: the matrix cannot interpret/,
        );
      } finally {
        op.access = saved;
      }
    });
  }

  for (const kind of kinds) {
    describe(`authorization matrix on ${kind}`, () => {
      let stack: InProcessStack;
      let repo: TestRepo;
      let scene: Scene;

      before(async () => {
        installStandIns(); // confirm/reject need a Terraform plan that waits for confirmation
        stack = await startInProcess(kind);
        repo = makeRepo(OBJECTS_REPO_FILES);
        scene = await createScene(stack, repo.url);
      });
      after(async () => {
        if (stack) await stopAllTasks(stack.admin);
        await stack?.close();
      });

      for (const row of MATRIX) {
        test(`${row.route}: ${describeRow(row)}`, async () => {
          const [method, path] = row.route.split(' ');
          // Build every caller's call first (in parallel: some wait for tasks), then make them in turn.
          const calls = await Promise.all(
            CALLERS.map(async (kind) => {
              const s = row.freshScene ? await createScene(stack, repo.url) : scene;
              const caller = s.callers[kind];
              const call = row.call ? await row.call({ stack, scene: s, o: s.objects, caller }) : {};
              return {
                kind,
                caller,
                body: call.body,
                url: fill(path, { project_id: s.objects.projectId, ...call.params }),
              };
            }),
          );
          const problems: string[] = [];
          for (const { kind, caller, body, url } of calls) {
            const status = expected(row, kind);
            const res = await caller.api.request(method, url, body);
            if (res.status !== status)
              problems.push(
                `${kind}: ${method} ${url} → ${res.status} ${res.text.slice(0, 300)}, expected ${status} (registry)`,
              );
            else if (status >= 400 && typeof res.body?.error !== 'string')
              problems.push(`${kind}: ${status} without {"error": "..."}: ${res.text}`);
            if (method === 'GET') {
              const head = await caller.api.request('HEAD', url);
              if (head.status !== status) problems.push(`${kind}: HEAD ${url} → ${head.status}, expected ${status}`);
            }
          }
          assert.deepEqual(problems, []);
        });
      }
    });
  }
}
