// The write routes of a project itself, its team and its tasks: valid calls and the bodies' fields.
import type { Field } from './payloads.ts';
import type { World } from './world.ts';
import { DASHED, HOSTILE_PATHS, NAME, P, bool, ref, str, uniq, type WriteRoute } from './route-spec.ts';
import { memberOf, tokenUser } from '../authz-scene.ts';

const ALLOWS_EVERY_OVERRIDE = {
  allow_override_args_in_task: true,
  allow_override_branch_in_task: true,
  task_params: {
    allow_override_inventory: true,
    allow_override_limit: true,
    allow_override_tags: true,
    allow_override_skip_tags: true,
    allow_debug: true,
  },
};

const taskFields: Field[] = [
  ref('template_id', { required: true }),
  bool('debug'),
  bool('dry_run'),
  bool('diff'),
  str('playbook', 2000, { refuses: HOSTILE_PATHS }),
  { path: 'environment', type: 'json-object-text' },
  { path: 'secret', type: 'json-object-text' },
  str('limit', 10_000),
  { path: 'arguments', type: 'json-array-text', nullable: true },
  str('git_branch', 255, { nullable: true, refuses: DASHED }),
  str('message', 250),
  ref('inventory_id', { nullable: true }),
  ref('build_task_id', { nullable: true }),
  str('commit_hash', undefined, { nullable: true, refuses: ['$(id)', '; rm -rf /', '-rf', 'HEAD~1'] }),
  { path: 'params', type: 'record' },
];

/** Waits for the task an accepted request started or stopped to finish. */
async function taskSettles(w: World, taskId: number): Promise<void> {
  await w.admin.waitForTask(w.a.projectId, taskId);
}

export const PROJECT_WRITE_ROUTES: WriteRoute[] = [
  // No channel is on for this server: the answer lists none, and nothing is sent.
  {
    route: `POST ${P}/alerts/test`,
    ok: 200,
    noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId } }),
  },
  {
    route: `POST ${P}/tasks`,
    ok: 201,
    fields: taskFields,
    target: async (w) => ({
      params: { project_id: w.a.projectId },
      // Tasks of this template run side by side: accepted hostile requests start several at once.
      // It allows every override, so that the gate takes the control body (test/task-*.test.ts try the flags).
      body: {
        template_id: await w.a.o.template({ allow_parallel_tasks: true, ...ALLOWS_EVERY_OVERRIDE }),
        message: 'bad input control',
        environment: '{"a": 1}',
        limit: 'localhost',
        arguments: '["-v"]',
        git_branch: 'main',
        inventory_id: w.a.inventoryId,
        build_task_id: w.a.taskId,
        params: {},
      },
    }),
    foreign: (w) => ({ template_id: w.b.templateId, inventory_id: w.b.inventoryId, build_task_id: w.b.taskId }),
    settle: (w, _t, res) => taskSettles(w, res.body.id),
  },
  {
    route: `POST ${P}/tasks/:task_id/stop`,
    ok: 204,
    optionalBody: true,
    fields: [bool('force')],
    target: async (w) => ({
      params: { project_id: w.a.projectId, task_id: await w.a.o.runningTask() },
      body: { force: true },
    }),
    foreignParams: (w) => ({ project_id: w.a.projectId, task_id: w.b.taskId }),
    settle: (w, t) => taskSettles(w, Number(t.params.task_id)),
  },
  ...(['confirm', 'reject'] as const).map(
    (decision): WriteRoute => ({
      route: `POST ${P}/tasks/:task_id/${decision}`,
      ok: 204,
      noBody: true,
      target: async (w) => ({ params: { project_id: w.a.projectId, task_id: await w.a.o.planWaitingTask() } }),
      foreignParams: (w) => ({ project_id: w.a.projectId, task_id: w.b.taskId }),
      settle: (w, t) => taskSettles(w, Number(t.params.task_id)),
    }),
  ),
  {
    route: `DELETE ${P}/tasks/:task_id`,
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, task_id: await w.a.o.finishedTask() } }),
    foreignParams: (w) => ({ project_id: w.a.projectId, task_id: w.b.taskId }),
  },
  {
    route: `POST ${P}/users`,
    ok: 204,
    fields: [
      { path: 'user_id', type: 'id', required: true, ref: true },
      { path: 'role', type: 'enum', required: true },
    ],
    target: async (w) => ({
      params: { project_id: w.a.projectId },
      body: { user_id: (await tokenUser(w.stack, 'joiner')).id, role: 'guest' },
    }),
    rules: (w) => [{ what: 'a member already in the team', patch: { user_id: w.a.memberId }, field: '', status: 409 }],
  },
  {
    route: `PUT ${P}/users/:user_id`,
    ok: 204,
    fields: [{ path: 'role', type: 'enum', required: true }],
    target: async (w) => ({
      params: { project_id: w.a.projectId, user_id: (await memberOf(w.stack, w.a.projectId, 'guest')).id },
      body: { role: 'manager' },
    }),
    foreignParams: (w) => ({ project_id: w.a.projectId, user_id: w.b.memberId }),
  },
  {
    route: `DELETE ${P}/users/:user_id`,
    ok: 204,
    noBody: true,
    target: async (w) => ({
      params: { project_id: w.a.projectId, user_id: (await memberOf(w.stack, w.a.projectId, 'guest')).id },
    }),
    foreignParams: (w) => ({ project_id: w.a.projectId, user_id: w.b.memberId }),
  },
  {
    route: `DELETE ${P}/me`,
    ok: 204,
    noBody: true,
    // The administrator leaves a project that has another owner.
    target: async (w) => {
      const projectId = (await w.admin.post('/api/projects', { name: uniq('left') })).body.id as number;
      await memberOf(w.stack, projectId, 'owner');
      return { params: { project_id: projectId } };
    },
  },
  {
    route: `PUT ${P}`,
    ok: 204,
    fields: [
      NAME,
      bool('alert'),
      str('alert_chat', 255, { nullable: true }),
      { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 },
      str('type', 50),
      bool('demo'),
    ],
    target: async (w) => ({
      params: { project_id: w.a.projectId },
      body: { name: 'project a', alert: false, alert_chat: null, max_parallel_tasks: 0, type: '' },
    }),
  },
  {
    route: `DELETE ${P}`,
    ok: 204,
    noBody: true,
    target: async (w) => ({
      params: { project_id: (await w.admin.post('/api/projects', { name: uniq('doomed') })).body.id },
    }),
  },
];
