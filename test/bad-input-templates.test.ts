// Malformed and hostile input on a project's templates, views, schedules and integrations (with
// their matchers, values and aliases), on SQLite and PostgreSQL: always a 4xx with {"error": "..."}
// naming the field at fault, ids of the other project refused, and nothing written (see
// support/bad-input/suite.ts).
import { badInputSuite } from './support/bad-input/suite.ts';
import { TEMPLATE_WRITE_ROUTES } from './support/bad-input/template-routes.ts';

badInputSuite(TEMPLATE_WRITE_ROUTES);
