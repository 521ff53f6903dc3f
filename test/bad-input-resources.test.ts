// Malformed and hostile input on a project's keys, repositories, inventories and environments, on
// SQLite and PostgreSQL: always a 4xx with {"error": "..."} naming the field at fault, ids of the
// other project refused, and nothing written (see support/bad-input/suite.ts).
import { badInputSuite } from './support/bad-input/suite.ts';
import { RESOURCE_WRITE_ROUTES } from './support/bad-input/resource-routes.ts';

badInputSuite(RESOURCE_WRITE_ROUTES);
