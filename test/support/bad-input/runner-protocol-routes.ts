// Semaphore's runner protocol's write routes (/api/internal/runners): valid calls and the bodies'
// fields. Registration needs the server's registration token (bad-input-runner-protocol.test.ts sets it).
import type { World } from './world.ts';
import { str, uniq, type WriteRoute } from './route-spec.ts';

export const BAD_INPUT_REGISTRATION_TOKEN = 'bad-input-registration-token';

/** A fresh runner's token: unregistering deletes the runner. */
const freshRunnerToken = async (w: World) =>
  (await w.admin.post('/api/runners', { name: uniq('protocol runner') })).body.token as string;

export const RUNNER_PROTOCOL_WRITE_ROUTES: WriteRoute[] = [
  {
    route: 'POST /api/internal/runners',
    ok: 200,
    fields: [
      str('webhook', 2048, { refuses: ['javascript:alert(1)', '$(id)', 'file:///etc/passwd'] }),
      { path: 'max_parallel_tasks', type: 'int', maxValue: 1_000_000 },
      str('public_key', 20_000, { nullable: true }),
    ],
    target: async () => ({
      params: {},
      body: { registration_token: BAD_INPUT_REGISTRATION_TOKEN, webhook: '', max_parallel_tasks: 1 },
    }),
    // Any token but the server's gets upstream's own answer, `{"error":"Invalid registration
    // token"}`, which names no field the suite's way: the token is checked by these rules instead.
    rules: () => [
      { what: 'a wrong registration token', patch: { registration_token: 'guess' }, field: '' },
      { what: 'a hostile registration token', patch: { registration_token: '$(id)\n../../etc' }, field: '' },
      { what: 'no registration token', patch: { registration_token: undefined }, field: 'registration_token' },
      { what: 'a number for a token', patch: { registration_token: 5 }, field: 'registration_token' },
      { what: 'a public key that is no key', patch: { public_key: 'not a key' }, field: 'public_key' },
    ],
  },
  {
    route: 'PUT /api/internal/runners',
    ok: 204,
    fields: [
      { path: 'jobs', type: 'array', nullable: true },
      { path: 'jobs.0.id', type: 'id', required: true },
      str('jobs.0.status', 40),
      { path: 'jobs.0.logrecords', type: 'array', nullable: true },
      str('jobs.0.logrecords.0.time', 64, { required: true }),
      str('jobs.0.logrecords.0.message', 1_000_000, { required: true }),
    ],
    target: async (w) => ({
      params: {},
      headers: { 'x-runner-token': w.runner.token },
      // A task this runner was not given: accepted, and ignored, as upstream does.
      body: {
        jobs: [{ id: w.a.taskId, status: 'running', logrecords: [{ time: new Date().toISOString(), message: 'x' }] }],
      },
    }),
    rules: () => [
      {
        what: 'a time that is no date',
        patch: { jobs: [{ id: 1, status: 'running', logrecords: [{ time: 'yesterday', message: 'x' }] }] },
        field: 'jobs.0.logrecords.0.time',
      },
    ],
  },
  {
    route: 'DELETE /api/internal/runners',
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: {}, headers: { 'x-runner-token': await freshRunnerToken(w) } }),
  },
];
