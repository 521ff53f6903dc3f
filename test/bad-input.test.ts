// Malformed and hostile input on the account routes (login, logout, API tokens, users, new
// projects, restores), on SQLite and PostgreSQL: always a 4xx with {"error": "..."} naming the
// field at fault, and nothing written (see support/bad-input/suite.ts). The other write routes are
// in bad-input-{admin,project,resources,templates}.test.ts, split to keep each file's run short;
// the tables together must cover every write route of the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appRoutes, compareRoutes } from './support/app-routes.ts';
import { badInputSuite } from './support/bad-input/suite.ts';
import { ACCOUNT_WRITE_ROUTES } from './support/bad-input/account-routes.ts';
import { ADMIN_WRITE_ROUTES } from './support/bad-input/admin-routes.ts';
import { PROJECT_WRITE_ROUTES } from './support/bad-input/project-routes.ts';
import { RESOURCE_WRITE_ROUTES } from './support/bad-input/resource-routes.ts';
import { TEMPLATE_WRITE_ROUTES } from './support/bad-input/template-routes.ts';
import { RUNNER_PROTOCOL_WRITE_ROUTES } from './support/bad-input/runner-protocol-routes.ts';
import { PROJECT_RUNNER_WRITE_ROUTES } from './support/bad-input/project-runner-routes.ts';

test('the bad-input tables have one row per write route of the app', () => {
  const tables = [
    ACCOUNT_WRITE_ROUTES,
    ADMIN_WRITE_ROUTES,
    PROJECT_WRITE_ROUTES,
    RESOURCE_WRITE_ROUTES,
    TEMPLATE_WRITE_ROUTES,
    RUNNER_PROTOCOL_WRITE_ROUTES,
    PROJECT_RUNNER_WRITE_ROUTES,
  ];
  const routes = tables.flat().map((r) => r.route);
  assert.deepEqual(
    routes.filter((r, i) => routes.indexOf(r) !== i),
    [],
    'duplicate rows',
  );
  // The webhook receiver takes any body and answers 204 whatever it holds (semaphore-behaviour.md
  // §6.1), so these rules do not fit it: integration-receiver.test.ts tests its bad input.
  const receiver = / \/api\/integrations\/:alias$/;
  // The TOTP routes need TOTP on and a session awaiting its code, which this suite's shared server
  // cannot have without gating its own admin: totp.test.ts tests their bad input and refusals.
  const totp = /^(POST \/api\/auth\/(verify|recovery)|(POST|DELETE) \/api\/users\/:user_id\/2fas\/totp(\/:totp_id)?)$/;
  const { missingRows, staleRows } = compareRoutes(
    routes,
    appRoutes().filter((r) => !r.startsWith('GET ') && !receiver.test(r) && !totp.test(r)),
  );
  assert.deepEqual(missingRows, [], 'write routes without a row in support/bad-input/*-routes.ts');
  assert.deepEqual(staleRows, [], 'rows for write routes the app does not have');
});

badInputSuite(ACCOUNT_WRITE_ROUTES);
