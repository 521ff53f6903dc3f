// Semaphore's runner protocol (semaphore-behaviour.md §7): what Semaphore's `semaphore runner` and
// `signalman runner --protocol http` call. Key names are upstream's, Go field names included.
import { z } from 'zod';
import { progressDoc, registeredRunner, registrationBody } from '../../../contracts/runner-protocol.ts';
import { named, type ApiOperation } from '../operation.ts';

const path = '/api/internal/runners';
const tag = 'Runner protocol';

const runnerState = named(
  'RunnerState',
  z.object({
    CurrentJobs: z
      .array(z.object({ id: z.number().int(), status: z.string() }))
      .nullable()
      .meta({
        description:
          "The runner's tasks past `starting`, with their status on the server (`stopping`, `confirmed` …); null for none, as Go writes it.",
      }),
    new_jobs: z
      .array(z.record(z.string(), z.unknown()))
      .nullable()
      .meta({
        description:
          'JobData of the tasks given to this runner that are still `starting`: `Username`, `IncomingVersion`, `Alias`, ' +
          '`task`, `template`, `inventory`, `inventory_repository`, `repository`, `environment` (with its secrets).',
      }),
    access_keys: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .meta({ description: 'The access keys the new jobs use, by id, with their secrets decrypted.' }),
  }),
);

export const runnerProtocolOperations: ApiOperation[] = [
  {
    method: 'post',
    path,
    id: 'registerProtocolRunner',
    tag,
    access: 'public',
    summary: 'Register a runner',
    description:
      "Needs the server's `runner_registration_token` (SEMAPHORE_RUNNER_REGISTRATION_TOKEN); unset or wrong: " +
      '400 `{"error":"Invalid registration token"}`. With `public_key` (PEM), the polls are answered encrypted.',
    body: { schema: named('RunnerRegistration', registrationBody), required: true },
    response: {
      status: 200,
      description: "The new global runner's token (shown this once).",
      body: named('RegisteredRunner', registeredRunner),
    },
    standardErrors: [400],
  },
  {
    method: 'get',
    path,
    id: 'pollProtocolRunner',
    tag,
    access: 'runner',
    summary: "A runner's poll",
    description:
      'Marks the runner as seen. For a runner that registered a public key, the same JSON comes encrypted with RSA ' +
      'PKCS#1 v1.5 in chunks of (key bytes − 11), concatenated, as `application/octet-stream`.',
    response: { status: 200, description: "The runner's state.", body: runnerState },
    standardErrors: [401, 404],
  },
  {
    method: 'put',
    path,
    id: 'reportProtocolRunnerProgress',
    tag,
    access: 'runner',
    summary: "A runner's progress",
    description:
      'Log lines (with their own times), statuses and commits of the tasks given to this runner; keys match ' +
      'without regard to case. Jobs of tasks not given to this runner are ignored.',
    body: { schema: named('RunnerProgress', progressDoc), required: true },
    response: { status: 204, description: 'Recorded.' },
    standardErrors: [400, 401, 404],
  },
  {
    method: 'delete',
    path,
    id: 'unregisterProtocolRunner',
    tag,
    access: 'runner',
    summary: 'Unregister the calling runner',
    response: { status: 204, description: 'The runner is deleted.' },
    standardErrors: [401, 404],
  },
];
