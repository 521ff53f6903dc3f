// The services that read JSON text columns read them through src/store/json-columns.ts: the same
// value for the same text, and bad text is a StoredJsonError naming the row (or, for the params a
// schedule or webhook starts a task with, the refusal that the event log shows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoredJsonError } from '../store/json-columns.ts';
import type { TemplateRow } from '../store/rows.ts';
import { gateTemplateOf, requestOfRow } from './task-input.ts';
import { taskBodyFromParams } from './task-params.ts';

const template = (over: Partial<TemplateRow>): TemplateRow => ({
  id: 7,
  project_id: 1,
  inventory_id: null,
  repository_id: 1,
  environment_id: null,
  name: 't',
  playbook: 'site.yml',
  arguments: null,
  allow_override_args_in_task: false,
  description: null,
  type: '',
  start_version: null,
  build_template_id: null,
  view_id: null,
  autorun: false,
  git_branch: null,
  survey_vars: null,
  suppress_success_alerts: false,
  app: 'ansible',
  task_params: null,
  runner_tag: null,
  allow_override_branch_in_task: false,
  allow_parallel_tasks: false,
  ...over,
});

const row = (over: { environment?: string; arguments?: string | null; params?: string | null }) => ({
  id: 12,
  playbook: '',
  environment: '',
  arguments: null,
  git_branch: null,
  commit_hash: null,
  inventory_id: null,
  hosts_limit: '',
  debug: false,
  dry_run: false,
  diff: false,
  params: null,
  ...over,
});

test("the gate's view of a template: task_params and survey variable names as stored", () => {
  const gate = gateTemplateOf(
    template({ task_params: '{"allow_debug":true}', survey_vars: '[{"name":"who","title":"Who"},{"name":"x"}]' }),
  );
  assert.deepEqual([gate.taskParams, gate.surveyVarNames], [{ allow_debug: true }, ['who', 'x']]);
  const empty = gateTemplateOf(template({ task_params: 'null', survey_vars: '' }));
  assert.deepEqual([empty.taskParams, empty.surveyVarNames], [{}, []]);
});

const badTemplates: Array<[Partial<TemplateRow>, string]> = [
  [{ task_params: '{"allow_debug":' }, 'template 7 task_params: not valid JSON'],
  [{ task_params: '["allow_debug"]' }, 'template 7 task_params: must be a JSON object'],
  [
    { survey_vars: '{"name":"who"}' },
    'template 7 survey_vars: must be a JSON array of survey variables, each with a name',
  ],
];
for (const [over, message] of badTemplates) {
  test(`a template whose JSON is bad is no gate: ${message}`, () => {
    assert.throws(
      () => gateTemplateOf(template(over)),
      (err) => err instanceof StoredJsonError && err.message === message,
    );
  });
}

test('a stored task row reads back with its JSON columns decoded', () => {
  const request = requestOfRow(
    row({ environment: '{"a":1}', arguments: '["-v"]', params: '{"tags":["t"],"debug_level":2}' }),
  );
  assert.deepEqual(
    [request.environment, request.arguments, request.params],
    ['{"a":1}', '["-v"]', { tags: ['t'], debug_level: 2 }],
  );
  const none = requestOfRow(row({ environment: 'null', arguments: 'null', params: 'null' }));
  assert.deepEqual([none.environment, none.arguments, none.params], ['', null, null]);
});

const badRows: Array<[Parameters<typeof row>[0], string]> = [
  [{ environment: '{"a":' }, 'task 12 environment: not valid JSON'],
  [{ environment: '[1]' }, 'task 12 environment: must be a JSON object'],
  [{ arguments: '"-v"' }, 'task 12 arguments: must be a JSON array of strings'],
  [{ params: 'not json' }, 'task 12 params: not valid JSON'],
];
for (const [over, message] of badRows) {
  test(`a stored task row whose JSON is bad: ${message}`, () => {
    assert.throws(
      () => requestOfRow(row(over)),
      (err) => err instanceof StoredJsonError && err.message === message,
    );
  });
}

test("a schedule's task_params: bad JSON is a refusal, as params that are no task are", () => {
  assert.deepEqual(taskBodyFromParams(3, '{"limit": '), { ok: false, problem: 'task_params: not valid JSON' });
  assert.deepEqual(taskBodyFromParams(3, '[1]'), { ok: false, problem: 'task_params: must be a JSON object' });
  const good = taskBodyFromParams(3, '{"message":"nightly"}');
  assert.ok(good.ok && good.body.template_id === 3 && good.body.message === 'nightly');
  assert.ok(taskBodyFromParams(3, null).ok);
});
