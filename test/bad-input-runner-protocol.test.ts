// Malformed and hostile input on Semaphore's runner protocol (/api/internal/runners) and on project
// runners (/api/project/{id}/runners), on SQLite and
// PostgreSQL: always a 4xx with {"error": "..."} naming the field at fault, and nothing written.
import { badInputSuite } from './support/bad-input/suite.ts';
import { PROJECT_RUNNER_WRITE_ROUTES } from './support/bad-input/project-runner-routes.ts';
import {
  BAD_INPUT_REGISTRATION_TOKEN,
  RUNNER_PROTOCOL_WRITE_ROUTES,
} from './support/bad-input/runner-protocol-routes.ts';

// The stacks of this file read it (startInProcess starts from the process's environment).
process.env.SEMAPHORE_RUNNER_REGISTRATION_TOKEN = BAD_INPUT_REGISTRATION_TOKEN;
badInputSuite([...RUNNER_PROTOCOL_WRITE_ROUTES, ...PROJECT_RUNNER_WRITE_ROUTES]);
