// Malformed and hostile input on the administrators' routes (options, runners, apps, the task list)
// and the remote runners' routes, on SQLite and PostgreSQL: always a 4xx with {"error": "..."}
// naming the field at fault, and nothing written (see support/bad-input/suite.ts).
import { badInputSuite } from './support/bad-input/suite.ts';
import { ADMIN_WRITE_ROUTES } from './support/bad-input/admin-routes.ts';

badInputSuite(ADMIN_WRITE_ROUTES);
