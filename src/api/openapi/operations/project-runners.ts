// Project runners (a Semaphore Pro feature, free here): runners of one project, managed and seen by
// those who manage the project's resources (managers, owners, administrators); other members get 403
// and other projects 404, since a runner's webhook and tag are the project's business.
import { z } from 'zod';
import { activeBody, runnerBody } from '../../../contracts/admin.ts';
import { Permission } from '../../../services/permissions.ts';
import { named, type ApiOperation } from '../operation.ts';
import { newRunner, runner } from '../responses.ts';

const RES = Permission.manageProjectResources;
const access = { project: { read: RES, write: RES } };
const tag = 'Project runners';
const list = '/api/project/{project_id}/runners';
const one = `${list}/{runner_id}`;

export const projectRunnerOperations: ApiOperation[] = [
  {
    method: 'get',
    path: list,
    id: 'listProjectRunners',
    tag,
    access,
    summary: "List the project's runners",
    response: { status: 200, description: 'The runners, without their tokens.', body: z.array(runner.schema) },
  },
  {
    method: 'post',
    path: list,
    id: 'createProjectRunner',
    tag,
    access,
    summary: 'Add a runner to the project',
    body: { schema: named('RunnerInput', runnerBody), required: false },
    response: { status: 201, description: 'The new runner with its token (shown this once).', body: newRunner },
  },
  {
    method: 'get',
    path: one,
    id: 'getProjectRunner',
    tag,
    access,
    summary: "Get one of the project's runners",
    response: { status: 200, description: 'The runner, without its token.', body: runner },
  },
  {
    method: 'put',
    path: one,
    id: 'updateProjectRunner',
    tag,
    access,
    summary: "Update one of the project's runners",
    body: { schema: named('RunnerInput', runnerBody), required: true },
    response: { status: 204, description: 'The runner was updated.' },
  },
  {
    method: 'delete',
    path: one,
    id: 'deleteProjectRunner',
    tag,
    access,
    summary: "Remove one of the project's runners",
    response: { status: 204, description: 'The runner was removed.' },
  },
  {
    method: 'post',
    path: `${one}/active`,
    id: 'setProjectRunnerActive',
    tag,
    access,
    summary: "Turn one of the project's runners on or off",
    body: { schema: named('Active', activeBody), required: true },
    response: { status: 204, description: 'The runner was switched.' },
  },
];
