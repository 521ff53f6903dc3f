// The administrators' write routes (options, runners, apps, the task list) and the remote runners'
// routes: valid calls and the bodies' fields.
import { accessKeyFile } from '../../../src/config/index.ts';
import { readEncryptionKey } from '../../../src/security/access-key-crypto.ts';
import { sealTaskSecret } from '../../../src/security/task-secret-seal.ts';
import type { Field } from './payloads.ts';
import type { World } from './world.ts';
import { bool, str, uniq, type WriteRoute } from './route-spec.ts';

/** Secret survey values sealed for `taskId` with the stack's own key, as the task's run carries them. */
function sealedFor(w: World, taskId: number): string {
  const { config } = w.stack.core;
  return sealTaskSecret(
    { survey_secret: 'bad-input' },
    taskId,
    readEncryptionKey(config.accessKeyEncryption, accessKeyFile(config)),
  );
}

const runnerFields: Field[] = [
  str('name', 255),
  str('webhook', 2000, { refuses: ['javascript:alert(1)', '$(id)', 'file:///etc/passwd'] }),
  { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 },
  bool('active'),
  str('tag', 255),
];

const appFields: Field[] = [
  str('title', 255),
  str('icon', 255),
  str('color', 50),
  str('dark_color', 50),
  str('dark_icon', 255),
  bool('active'),
  { path: 'priority', type: 'int', maxValue: 10_000 },
  str('path', 1000),
  { path: 'args', type: 'array' },
  str('args.0', 1000),
];

const appId = () => uniq('app').replace(/-/g, '_');
const customApp = async (w: World) => {
  const id = appId();
  await w.admin.put(`/api/apps/${id}`, { title: id });
  return id;
};
const runner = async (w: World) => (await w.admin.post('/api/runners', { name: uniq('runner') })).body.id as number;
const runnerHeaders = (w: World) => ({ 'x-runner-token': w.runner.token });

export const ADMIN_WRITE_ROUTES: WriteRoute[] = [
  {
    route: 'POST /api/options',
    ok: 200,
    fields: [
      str('key', 255, { required: true, refuses: ['../../etc/passwd', '$(id)', '; rm -rf /', 'line one\nline two'] }),
      str('value', 1000, { required: true }),
    ],
    target: async () => ({ params: {}, body: { key: 'bad_input.option', value: 'v' } }),
  },
  {
    route: 'POST /api/runners',
    ok: 201,
    optionalBody: true,
    fields: runnerFields,
    target: async () => ({
      params: {},
      body: { name: uniq('runner'), webhook: 'https://example.test/hook', max_parallel_tasks: 2, tag: 't' },
    }),
  },
  ...(['PUT', 'POST'] as const).map(
    (method): WriteRoute => ({
      route: `${method} /api/runners/:runner_id`,
      ok: 204,
      fields: runnerFields,
      target: async (w) => ({
        params: { runner_id: await runner(w) },
        body: { name: uniq('runner'), webhook: '', max_parallel_tasks: 0, active: true, tag: '' },
      }),
    }),
  ),
  {
    route: 'DELETE /api/runners/:runner_id',
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { runner_id: await runner(w) } }),
  },
  {
    route: 'POST /api/runners/:runner_id/active',
    ok: 204,
    fields: [{ path: 'active', type: 'bool', required: true }],
    target: async (w) => ({ params: { runner_id: await runner(w) }, body: { active: false } }),
  },
  ...(['PUT', 'POST'] as const).map(
    (method): WriteRoute => ({
      route: `${method} /api/apps/:app_id`,
      ok: 204,
      fields: appFields,
      pathCreates: true,
      target: async () => ({
        params: { app_id: appId() },
        body: { title: 'Custom', priority: 1, args: ['--flag'], path: '/usr/bin/custom' },
      }),
      rules: () => [{ what: 'an id unlike the path', patch: { id: 'other_app' }, field: 'id' }],
    }),
  ),
  {
    route: 'DELETE /api/apps/:app_id',
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { app_id: await customApp(w) } }),
  },
  {
    route: 'POST /api/apps/:app_id/active',
    ok: 204,
    fields: [{ path: 'active', type: 'bool', required: true }],
    target: async (w) => ({ params: { app_id: await customApp(w) }, body: { active: true } }),
  },
  {
    route: 'DELETE /api/tasks/:task_id',
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { task_id: await w.a.o.runningTask() } }),
    settle: (w, t) => w.admin.waitForTask(w.a.projectId, Number(t.params.task_id)).then(() => undefined),
  },
  {
    route: 'POST /api/runner/tasks/:task_id/output',
    ok: 204,
    fields: [
      { path: 'lines', type: 'array', required: true },
      { path: 'lines.0.seq', type: 'int', required: true },
      str('lines.0.time', 64, { required: true }),
      str('lines.0.output', 1_000_000, { required: true }),
    ],
    target: async (w) => ({
      params: { task_id: w.runner.taskId },
      headers: runnerHeaders(w),
      body: {
        lines: [
          {
            seq: 1_000_000 + Math.floor(Math.random() * 1000),
            time: new Date().toISOString(),
            output: 'from the runner',
          },
        ],
      },
    }),
    rules: () => [
      {
        what: 'a time that is no date',
        patch: { lines: [{ seq: 5, time: 'yesterday', output: 'x' }] },
        field: 'lines.0.time',
      },
      {
        what: 'seq 0',
        patch: { lines: [{ seq: 0, time: new Date().toISOString(), output: 'x' }] },
        field: 'lines.0.seq',
      },
    ],
  },
  {
    route: 'POST /api/runner/tasks/:task_id/status',
    ok: 204,
    fields: [
      { path: 'status', type: 'enum', required: true },
      str('commit_hash', undefined, { refuses: ['$(id)', '-rf', 'HEAD~1'] }),
      str('commit_message', 1000),
    ],
    target: async (w) => ({
      params: { task_id: w.runner.taskId },
      headers: runnerHeaders(w),
      body: { status: 'running' },
    }),
  },
  {
    route: 'POST /api/runner/tasks/:task_id/job',
    ok: 200,
    fields: [str('secret', 1_000_000, { required: true })],
    target: async (w) => ({
      params: { task_id: w.runner.taskId },
      headers: runnerHeaders(w),
      body: { secret: sealedFor(w, w.runner.taskId) },
    }),
    rules: (w) => [
      { what: "another task's sealed values", patch: { secret: sealedFor(w, w.a.taskId) }, field: 'secret' },
      { what: 'a sealed text that is not one', patch: { secret: 'bm90IHNlYWxlZA==' }, field: 'secret' },
    ],
  },
  {
    route: 'POST /api/runner/tasks/:task_id/stages',
    ok: 204,
    fields: [
      { path: 'type', type: 'enum', required: true },
      str('start', 64, { required: true }),
      str('end', 64, { required: true }),
      { path: 'first_seq', type: 'int', required: true },
      { path: 'last_seq', type: 'int', required: true },
    ],
    target: async (w) => ({
      params: { task_id: w.runner.taskId },
      headers: runnerHeaders(w),
      body: {
        type: 'running',
        start: new Date().toISOString(),
        end: new Date().toISOString(),
        first_seq: 1,
        last_seq: 1,
      },
    }),
    rules: () => [{ what: 'a start that is no date', patch: { start: 'yesterday' }, field: 'start' }],
  },
];
