// The project runners' write routes (/api/project/{id}/runners): valid calls and the bodies'
// fields. Runners of another project are tested in runner-protocol-projects.test.ts.
import type { Field } from './payloads.ts';
import type { World } from './world.ts';
import { bool, P, str, uniq, type WriteRoute } from './route-spec.ts';

const runnerFields: Field[] = [
  str('name', 255),
  str('webhook', 2000, { refuses: ['javascript:alert(1)', '$(id)', 'file:///etc/passwd'] }),
  { path: 'max_parallel_tasks', type: 'int', maxValue: 10_000 },
  bool('active'),
  str('tag', 255),
];

const runnerOf = async (w: World, projectId: number) =>
  (await w.admin.post(`/api/project/${projectId}/runners`, { name: uniq('runner') })).body.id as number;

export const PROJECT_RUNNER_WRITE_ROUTES: WriteRoute[] = [
  {
    route: `POST ${P}/runners`,
    ok: 201,
    optionalBody: true, // as for global runners: every field has a default
    fields: runnerFields,
    target: async (w) => ({
      params: { project_id: w.a.projectId },
      body: { name: uniq('runner'), webhook: 'https://example.test/hook', max_parallel_tasks: 2, tag: 't' },
    }),
    rules: (w) => [{ what: "the other project's id", patch: { project_id: w.b.projectId }, field: 'project_id' }],
  },
  {
    route: `PUT ${P}/runners/:runner_id`,
    ok: 204,
    fields: runnerFields,
    target: async (w) => ({
      params: { project_id: w.a.projectId, runner_id: await runnerOf(w, w.a.projectId) },
      body: { name: uniq('runner'), webhook: '', max_parallel_tasks: 0, active: true, tag: '' },
    }),
  },
  {
    route: `DELETE ${P}/runners/:runner_id`,
    ok: 204,
    noBody: true,
    target: async (w) => ({ params: { project_id: w.a.projectId, runner_id: await runnerOf(w, w.a.projectId) } }),
  },
  {
    route: `POST ${P}/runners/:runner_id/active`,
    ok: 204,
    fields: [{ path: 'active', type: 'bool', required: true }],
    target: async (w) => ({
      params: { project_id: w.a.projectId, runner_id: await runnerOf(w, w.a.projectId) },
      body: { active: false },
    }),
  },
];
