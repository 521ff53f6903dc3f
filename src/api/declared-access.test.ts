import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOperation } from './declared-access.ts';
import { apiOperations } from './openapi/operations/index.ts';

test('every registered operation is found from a request to it, with its path parameters', () => {
  for (const op of apiOperations) {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'app_id' || name === 'alias' || name === 'file' || name === 'token_id' ? 'x1' : '7'));
    const found = findOperation(op.method.toUpperCase(), path);
    assert.equal(found?.op.id, op.id, `${op.method} ${path}`);
  }
});

test('a literal segment wins over a parameter, HEAD reads as GET, and anything undeclared is not found', () => {
  assert.equal(findOperation('GET', '/api/project/3/integrations/aliases')?.op.id, 'listProjectAliases');
  assert.equal(findOperation('GET', '/api/project/3/integrations/9')?.op.id, 'getIntegration');
  assert.equal(findOperation('GET', '/api/project/3/tasks/last')?.op.id, 'listLastTasks');
  assert.deepEqual(findOperation('HEAD', '/api/project/3/keys/5')?.params, { project_id: '3', key_id: '5' });
  assert.equal(findOperation('PATCH', '/api/project/3/keys/5'), null);
  assert.equal(findOperation('GET', '/api/project/3/nothing'), null);
  assert.equal(findOperation('GET', '/API/PROJECTS'), null, 'paths are compared exactly, whatever Express would route');
  assert.equal(findOperation('PUT', '/api/user'), null);
});
