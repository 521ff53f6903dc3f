// What remote runners (`signalman runner`) call, with their token rather than a user's session.
import { z } from 'zod';
import { jobBody, outputBody, stageBody, statusBody } from '../../routes/runner-jobs.ts';
import { TASK_STATUSES } from '../../../domain/task-status.ts';
import { named, type ApiOperation } from '../operation.ts';

const job = '/api/runner/tasks/{task_id}';
const common = { tag: 'Runner jobs', access: 'runner' } as const;

export const runnerJobOperations: ApiOperation[] = [
  {
    ...common,
    method: 'get',
    path: '/api/runner/self',
    id: 'getRunnerSelf',
    summary: 'The calling runner',
    response: {
      status: 200,
      description: 'The runner the token belongs to.',
      body: z.object({
        id: z.number().int(),
        name: z.string(),
        tag: z.string(),
        active: z.boolean(),
        max_parallel_tasks: z.number().int(),
      }),
    },
  },
  {
    ...common,
    method: 'get',
    path: `${job}/job`,
    id: 'getRunnerJob',
    summary: 'What a task needs to run',
    description:
      "The task's details and its run material, secrets decrypted. Its shape is internal to Signalman and follows the server's version.",
    response: {
      status: 200,
      description: 'The job.',
      body: z.object({ details: z.record(z.string(), z.unknown()), material: z.record(z.string(), z.unknown()) }),
    },
  },
  {
    ...common,
    method: 'post',
    path: `${job}/job`,
    id: 'openRunnerJob',
    summary: 'What a task needs to run, with its secret survey values',
    description:
      "As the GET, and the task's secret survey values opened from `secret`, the sealed text the runner was " +
      'given with the run by Temporal. It opens only for the task it was sealed for.',
    body: { schema: named('RunnerJobSecret', jobBody), required: true },
    response: {
      status: 200,
      description: 'The job.',
      body: z.object({ details: z.record(z.string(), z.unknown()), material: z.record(z.string(), z.unknown()) }),
    },
  },
  {
    ...common,
    method: 'get',
    path: `${job}/status`,
    id: 'getRunnerTaskStatus',
    summary: "A task's status, as the runner resumes it",
    response: {
      status: 200,
      description:
        'The status, the sequence number of the last stored output line (0 for none), whether the ' +
        'task was asked to stop by force (the runner then kills its processes at once), and whether it ' +
        'ran past the longest time a task may run (it then ends as error).',
      body: z.object({
        status: z.enum(TASK_STATUSES),
        lastSeq: z.number().int(),
        force_stop: z.boolean(),
        timed_out: z.boolean(),
      }),
    },
  },
  {
    ...common,
    method: 'post',
    path: `${job}/output`,
    id: 'appendRunnerTaskOutput',
    summary: "Send a task's output lines",
    description: 'Lines are numbered by `seq`; a batch sent again (a retried request) is stored once.',
    body: { schema: named('RunnerOutput', outputBody), required: true },
    response: { status: 204, description: 'The lines are stored.' },
  },
  {
    ...common,
    method: 'post',
    path: `${job}/stages`,
    id: 'recordRunnerTaskStage',
    summary: 'Record a stage of the run',
    description:
      'A stage (clone, Terraform plan or apply, run) with its times and the numbers of its first and last output lines, already sent.',
    body: { schema: named('RunnerTaskStage', stageBody), required: true },
    response: { status: 204, description: 'The stage is stored.' },
  },
  {
    ...common,
    method: 'post',
    path: `${job}/status`,
    id: 'setRunnerTaskStatus',
    summary: "Move a task's status",
    body: { schema: named('RunnerTaskStatus', statusBody), required: true },
    response: { status: 204, description: 'The status was recorded.' },
  },
];
