// The authorization matrix, on SQLite and PostgreSQL: every route of the API (the table in
// support/authz-rows.ts, checked against the app's router) called by an administrator, an owner, a
// manager, a task runner, a guest, a user outside the project and an anonymous caller. Who may call
// a route comes from its entry in the operation registry (support/authz-expectations.ts reads it),
// so a route whose behaviour differs from its declaration fails here. Allowed calls succeed on
// fresh objects; refused ones get 401 (anonymous), 404 (not a member) or 403 (role too weak), always
// as {"error": "..."}. Every GET is also tried as HEAD.
import { authorizationMatrix } from './support/authz-matrix.ts';

// The table's own checks, and the matrix on SQLite (PostgreSQL: authorization-matrix-postgres.test.ts).
authorizationMatrix(['sqlite'], true);
