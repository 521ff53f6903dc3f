// docker-compose.yml describes the split deployment and passes `docker compose config`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const file = resolve(import.meta.dirname, '../docker-compose.yml');

function composeCommand(): string[] | null {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return null;
}

const compose = composeCommand();

test('docker-compose.yml is valid and has PostgreSQL, Temporal, server and worker', {
  skip: compose ? false : 'neither `docker compose` nor `docker-compose` is installed',
}, () => {
  const [cmd, ...args] = compose!;
  const res = spawnSync(cmd, [...args, '-f', file, 'config'], {
    encoding: 'utf8',
    env: { ...process.env, SIGNALMAN_ACCESS_KEY_ENCRYPTION: 'dGVzdA==' },
  });
  assert.equal(res.status, 0, res.stderr);
  for (const service of ['postgres', 'temporal', 'server', 'worker'])
    assert.match(res.stdout, new RegExp(`^  ${service}:`, 'm'));
  assert.match(res.stdout, /DATABASE_URL: postgres:\/\//);
  assert.match(res.stdout, /TEMPORAL_ADDRESS: temporal:7233/);
});

test('docker-compose.yml refuses to start without an access key encryption key', {
  skip: compose ? false : 'no compose tool',
}, () => {
  const [cmd, ...args] = compose!;
  const env = { ...process.env };
  delete env.SIGNALMAN_ACCESS_KEY_ENCRYPTION;
  const res = spawnSync(cmd, [...args, '-f', file, 'config'], { encoding: 'utf8', env });
  assert.notEqual(res.status, 0);
  assert.match(res.stderr, /SIGNALMAN_ACCESS_KEY_ENCRYPTION/);
});
