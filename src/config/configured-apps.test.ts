import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configuredApps } from './configured-apps.ts';

test('SEMAPHORE_APPS is read as a map of app ids to settings; SIGNALMAN_APPS wins', () => {
  assert.deepEqual(configuredApps({}), {});
  assert.deepEqual(
    configuredApps({ SEMAPHORE_APPS: '{"ruby":{"path":"/usr/bin/ruby","args":["-W0"],"active":true}}' }),
    {
      ruby: { path: '/usr/bin/ruby', args: ['-W0'], active: true },
    },
  );
  assert.deepEqual(configuredApps({ SEMAPHORE_APPS: '{"a":{}}', SIGNALMAN_APPS: '{"b":{"active":true}}' }), {
    b: { active: true },
  });
});

test('a bad SEMAPHORE_APPS stops start-up naming the setting and the key', () => {
  const cases: Array<[string, RegExp]> = [
    ['{not json', /SEMAPHORE_APPS: not JSON/],
    ['[1]', /SEMAPHORE_APPS/],
    ['{"bad id":{}}', /SEMAPHORE_APPS\.bad id: /],
    ['{"x":{"args":"-v"}}', /SEMAPHORE_APPS\.x\.args/],
    ['{"x":{"active":"yes"}}', /SEMAPHORE_APPS\.x\.active: must be true or false/],
    ['{"x":{"paht":"/bin/sh"}}', /SEMAPHORE_APPS\.x: .*paht/],
    ['{"x":{"path":""}}', /SEMAPHORE_APPS\.x\.path/],
  ];
  for (const [text, message] of cases) assert.throws(() => configuredApps({ SEMAPHORE_APPS: text }), message, text);
});
