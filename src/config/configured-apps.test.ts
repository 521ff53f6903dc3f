import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './index.ts';

const apps = (env: Record<string, string>) => loadConfig(env, { noConfig: true }).apps;

test('SEMAPHORE_APPS is read as a map of app ids to settings; SIGNALMAN_APPS wins', () => {
  assert.deepEqual(apps({}), {});
  assert.deepEqual(apps({ SEMAPHORE_APPS: '{"ruby":{"path":"/usr/bin/ruby","args":["-W0"],"active":true}}' }), {
    ruby: { path: '/usr/bin/ruby', args: ['-W0'], active: true },
  });
  assert.deepEqual(apps({ SEMAPHORE_APPS: '{"a":{}}', SIGNALMAN_APPS: '{"b":{"active":true}}' }), {
    b: { active: true },
  });
});

test('a bad SEMAPHORE_APPS stops start-up naming the setting and the key', () => {
  const cases: Array<[string, RegExp]> = [
    ['{not json', /apps \(SEMAPHORE_APPS\): not JSON/],
    ['[1]', /apps \(SEMAPHORE_APPS\): has the wrong shape/],
    ['{"bad id":{}}', /apps\.bad id \(SEMAPHORE_APPS\): app ids are/],
    ['{"x":{"args":"-v"}}', /apps\.x\.args \(SEMAPHORE_APPS\)/],
    ['{"x":{"active":"yes"}}', /apps\.x\.active \(SEMAPHORE_APPS\): must be true or false/],
    ['{"x":{"paht":"/bin/sh"}}', /apps\.x \(SEMAPHORE_APPS\): .*paht/],
    ['{"x":{"path":""}}', /apps\.x\.path \(SEMAPHORE_APPS\)/],
  ];
  for (const [text, message] of cases) assert.throws(() => apps({ SEMAPHORE_APPS: text }), message, text);
});
