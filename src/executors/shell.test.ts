import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShellArgumentError, shellCommand } from './shell.ts';
import { defaultAppCommand } from '../domain/app-commands.ts';

test('bash command line puts the script, template args, extra vars and task args in upstream order', () => {
  const cmd = shellCommand({
    app: defaultAppCommand('bash'),
    script: '/w/repo/deploy.sh',
    templateArgs: ['--verbose'],
    extraVars: { region: 'eu', count: 3, semaphore_vars: { task_details: {} } },
    taskArgs: ['--dry'],
  });
  assert.deepEqual(cmd, {
    command: 'bash',
    args: ['/w/repo/deploy.sh', '--verbose', 'region=eu', 'count=3', '--dry'],
  });
});

test('powershell runs the script with -File and python with python3', () => {
  const base = { script: '/w/repo/s', templateArgs: [], extraVars: {}, taskArgs: [] };
  assert.deepEqual(shellCommand({ ...base, app: defaultAppCommand('powershell') }), {
    command: 'pwsh',
    args: ['-File', '/w/repo/s'],
  });
  assert.deepEqual(shellCommand({ ...base, app: defaultAppCommand('python') }), {
    command: 'python3',
    args: ['/w/repo/s'],
  });
});

test('hostile extra var values stay single literal arguments', () => {
  const cmd = shellCommand({
    app: defaultAppCommand('bash'),
    script: '/w/repo/x.sh',
    templateArgs: [],
    extraVars: { a: '$(rm -rf /); `id`\nnext' },
    taskArgs: [],
  });
  assert.deepEqual(cmd.args, ['/w/repo/x.sh', 'a=$(rm -rf /); `id`\nnext']);
});

const interpreterOptions: Array<[string, string]> = [
  ['bash', '-c'],
  ['bash', '--rcfile'],
  ['bash', '-i'],
  ['python', '-c'],
  ['python', '-m'],
  ['python', '-i'],
  ['powershell', '-Command'],
  ['bash', 'deploy.sh'],
];

for (const [app, script] of interpreterOptions) {
  test(`${app}: a script named ${JSON.stringify(script)} is refused unless it is an absolute path`, () => {
    assert.throws(
      () => shellCommand({ app: defaultAppCommand(app), script, templateArgs: [], extraVars: {}, taskArgs: [] }),
      ShellArgumentError,
    );
  });
}

test('a file named like an option, in the working copy, reaches the interpreter as a file', () => {
  for (const app of ['bash', 'python'] as const) {
    assert.deepEqual(
      shellCommand({
        app: defaultAppCommand(app),
        script: '/w/repo/-c',
        templateArgs: [],
        extraVars: { x: '1' },
        taskArgs: ['-m'],
      }).args,
      ['/w/repo/-c', 'x=1', '-m'],
    );
  }
  assert.deepEqual(
    shellCommand({
      app: defaultAppCommand('powershell'),
      script: '/w/repo/-Command',
      templateArgs: [],
      extraVars: {},
      taskArgs: [],
    }).args,
    ['-File', '/w/repo/-Command'],
  );
});

test('extra var names that are not identifiers are refused, not passed as name=value', () => {
  for (const name of ['-c', '--rcfile', 'id > /tmp/x; y', 'a=b', '']) {
    assert.throws(
      () =>
        shellCommand({
          app: defaultAppCommand('bash'),
          script: '/w/repo/s',
          templateArgs: [],
          extraVars: { [name]: '1' },
          taskArgs: [],
        }),
      ShellArgumentError,
      name,
    );
  }
});
