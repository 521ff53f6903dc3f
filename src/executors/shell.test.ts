import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellCommand } from './shell.ts';

test('bash command line puts the script, template args, extra vars and task args in upstream order', () => {
  const cmd = shellCommand({
    app: 'bash',
    script: 'deploy.sh',
    templateArgs: ['--verbose'],
    extraVars: { region: 'eu', count: 3, semaphore_vars: { task_details: {} } },
    taskArgs: ['--dry'],
  });
  assert.deepEqual(cmd, {
    command: 'bash',
    args: ['deploy.sh', '--verbose', 'region=eu', 'count=3', '--dry'],
  });
});

test('powershell runs the script with -File and python with python3', () => {
  const base = { script: 's', templateArgs: [], extraVars: {}, taskArgs: [] };
  assert.deepEqual(shellCommand({ ...base, app: 'powershell' }), { command: 'pwsh', args: ['-File', 's'] });
  assert.deepEqual(shellCommand({ ...base, app: 'python' }), { command: 'python3', args: ['s'] });
});

test('hostile extra var values stay single literal arguments', () => {
  const cmd = shellCommand({
    app: 'bash',
    script: 'x.sh',
    templateArgs: [],
    extraVars: { a: '$(rm -rf /); `id`\nnext' },
    taskArgs: [],
  });
  assert.deepEqual(cmd.args, ['x.sh', 'a=$(rm -rf /); `id`\nnext']);
});
