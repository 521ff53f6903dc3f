import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrationTaskBody } from './integration-receiver.ts';

const integration = (task_params: Record<string, unknown> | null) => ({
  template_id: 7,
  task_params: task_params && JSON.stringify(task_params),
});

test("the task is the integration's template with its task_params, whatever template the params name", () => {
  const body = integrationTaskBody(
    integration({ template_id: 99, debug: true, limit: 'web', message: 'from a hook' }),
    {},
  );
  assert.equal(body.template_id, 7);
  assert.equal(body.debug, true);
  assert.equal(body.limit, 'web');
  assert.equal(body.message, 'from a hook');
  assert.equal(body.environment, '');
});

test('extracted values become the environment, over the environment the params hold', () => {
  const body = integrationTaskBody(integration({ environment: '{"stage":"prod","ref":"old"}' }), {
    ref: 'refs/heads/main',
  });
  assert.deepEqual(JSON.parse(body.environment), { stage: 'prod', ref: 'refs/heads/main' });
  assert.deepEqual(JSON.parse(integrationTaskBody(integration(null), { a: '1' }).environment), { a: '1' });
});

test('task_params that are no valid task, and values too large for an environment, are refused with the reason', () => {
  assert.throws(() => integrationTaskBody(integration({ inventory_id: 'seven' }), {}), {
    name: 'IntegrationRefused',
    message: /^task_params: inventory_id: /,
  });
  assert.throws(() => integrationTaskBody(integration({ environment: '[1]' }), {}), {
    message: /^task_params: environment: must be a JSON object/,
  });
  assert.throws(() => integrationTaskBody(integration(null), { body: 'x'.repeat(1_000_001) }), {
    message: /^the extracted values: environment: /,
  });
});
