import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOperation } from './declared-access.ts';
import { apiOperations } from './openapi/operations/index.ts';

test('every registered operation is found from a request to it, with its path parameters', () => {
  for (const op of apiOperations) {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'app_id' || name === 'alias' || name === 'file' || name === 'token_id' ? 'x1' : '7',
    );
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

test('a route that the registry does not declare is unreachable: its handler never runs', async () => {
  const { default: express } = await import('express');
  const { enforceDeclaredAccess } = await import('./declared-access.ts');
  const { errorHandler } = await import('./error-handler.ts');
  let ran = 0;
  const app = express();
  const api = express.Router();
  // No credentials are sent, so the gate never needs the database.
  api.use(enforceDeclaredAccess({ db: {} as never, config: { nonAdminCanCreateProject: false } }));
  api.get('/ping', (_req, res) => void res.send('pong'));
  api.get('/undeclared', (_req, res) => void (ran++, res.send('secret')));
  api.post('/projects/restore', (_req, res) => void (ran++, res.send('restored')));
  app.use('/api', api);
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    assert.equal((await fetch(`${base}/api/ping`)).status, 200, 'a declared public route still answers');
    assert.equal((await fetch(`${base}/api/undeclared`)).status, 401);
    assert.equal(
      (await fetch(`${base}/api/PROJECTS/restore`, { method: 'POST' })).status,
      401,
      'another spelling is no way around',
    );
    assert.equal((await fetch(`${base}/api/projects/restore`, { method: 'POST' })).status, 401);
    assert.equal(ran, 0);
  } finally {
    server.close();
  }
});
