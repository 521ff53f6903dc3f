import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnsibleArgumentError, ansibleEnv, ansiblePlaybookArgs, splitList } from './ansible.ts';

const taskDetails = { semaphore_vars: { task_details: { id: 0, url: null, username: '' } } };

test("upstream's golden line: static inventory, ssh key without login, no environment (the playbook as an absolute path)", () => {
  const args = ansiblePlaybookArgs({
    inventoryPath: '/tmp/inventory_0',
    extraVars: taskDetails,
    playbook: '/tmp/repo/test.yml',
  });
  assert.equal(
    args.join(' '),
    '-i /tmp/inventory_0 --extra-vars {"semaphore_vars":{"task_details":{"id":0,"url":null,"username":""}}} /tmp/repo/test.yml',
  );
});

const cases: Array<[string, Parameters<typeof ansiblePlaybookArgs>[0], string[]]> = [
  [
    'ssh key with login and a become key',
    { inventoryPath: '/t/inv', connectionLogin: 'deploy', becomeLogin: 'root', extraVars: {}, playbook: '/r/site.yml' },
    ['-i', '/t/inv', '--user', 'deploy', '--become-user', 'root', '--extra-vars', '{}', '/r/site.yml'],
  ],
  [
    'debug, diff and dry run in upstream order',
    { inventoryPath: '/t/inv', debug: true, diff: true, dryRun: true, extraVars: {}, playbook: '/r/p.yml' },
    ['-i', '/t/inv', '-vvvv', '--diff', '--check', '--extra-vars', '{}', '/r/p.yml'],
  ],
  [
    'debug level is bounded to 1..6',
    { inventoryPath: '/t/inv', debug: true, debugLevel: 9, extraVars: {}, playbook: '/r/p.yml' },
    ['-i', '/t/inv', '-vvvvvv', '--extra-vars', '{}', '/r/p.yml'],
  ],
  [
    'vaults by id with password files; secrets from files',
    {
      inventoryPath: '/t/inv',
      vaults: [
        { name: 'default', passwordFile: '/t/v1' },
        { name: 'prod', passwordFile: '/t/v2' },
      ],
      extraVars: { a: 1 },
      secretVarsFile: '/t/conn.json',
      varSecretsFile: '/t/vars.json',
      playbook: '/r/p.yml',
    },
    [
      '-i',
      '/t/inv',
      '--vault-id=default@/t/v1',
      '--vault-id=prod@/t/v2',
      '--extra-vars',
      '{"a":1}',
      '--extra-vars',
      '@/t/conn.json',
      '--extra-vars',
      '@/t/vars.json',
      '/r/p.yml',
    ],
  ],
  [
    "the task's own variables come from their !unsafe file, before the environment's, which win",
    { inventoryPath: '/t/inv', taskVarsFile: '/t/task-vars.yml', extraVars: { a: 1 }, playbook: '/r/p.yml' },
    ['-i', '/t/inv', '--extra-vars', '@/t/task-vars.yml', '--extra-vars', '{"a":1}', '/r/p.yml'],
  ],
  [
    'template args, task args, limit, tags and skip tags',
    {
      inventoryPath: '/t/inv',
      extraVars: {},
      templateArgs: ['--forks=5'],
      taskArgs: ['--flush-cache'],
      limit: ['web1', 'web2'],
      tags: ['deploy'],
      skipTags: ['slow', 'db'],
      playbook: '/r/p.yml',
    },
    [
      '-i',
      '/t/inv',
      '--extra-vars',
      '{}',
      '--forks=5',
      '--flush-cache',
      '--limit=web1,web2',
      '--tags=deploy',
      '--skip-tags=slow,db',
      '/r/p.yml',
    ],
  ],
];

for (const [name, input, expected] of cases) {
  test(`ansible-playbook arguments: ${name}`, () => {
    assert.deepEqual(ansiblePlaybookArgs(input), expected);
  });
}

test('a playbook or inventory that is not an absolute path is refused: "-e…" cannot become an option', () => {
  for (const playbook of ['-e', '--extra-vars=@/etc/shadow', 'site.yml']) {
    assert.throws(
      () => ansiblePlaybookArgs({ inventoryPath: '/t/inv', extraVars: {}, playbook }),
      AnsibleArgumentError,
    );
  }
  assert.throws(
    () => ansiblePlaybookArgs({ inventoryPath: '-i', extraVars: {}, playbook: '/r/p.yml' }),
    AnsibleArgumentError,
  );
});

const hostileLists: Array<[string, Partial<Parameters<typeof ansiblePlaybookArgs>[0]>, string]> = [
  ['limit', { limit: ['--become', '-e x=1'] }, '--limit=--become,-e x=1'],
  ['tags', { tags: ['-vvvv'] }, '--tags=-vvvv'],
  ['skip tags', { skipTags: ['--check'] }, '--skip-tags=--check'],
];

for (const [name, more, joined] of hostileLists) {
  test(`${name} values starting with "-" stay one value in the --x= form`, () => {
    const args = ansiblePlaybookArgs({ inventoryPath: '/t/inv', extraVars: {}, playbook: '/r/p.yml', ...more });
    assert.deepEqual(args, ['-i', '/t/inv', '--extra-vars', '{}', joined, '/r/p.yml']);
  });
}

test('hostile values stay single literal arguments', () => {
  const args = ansiblePlaybookArgs({
    inventoryPath: '/t/inv',
    extraVars: { x: '$(id); `rm -rf /`\n--become' },
    limit: ['-x; reboot'],
    playbook: '/r/p.yml',
  });
  assert.equal(args.length, 6);
  assert.equal(args[3], '{"x":"$(id); `rm -rf /`\\n--become"}');
  assert.equal(args[4], '--limit=-x; reboot');
});

test('environment: unbuffered python, colour, PATH, HOME, PWD, env vars, agent socket, build vars', () => {
  const env = ansibleEnv({
    path: '/usr/bin',
    home: '/t/home',
    cwd: '/t/repo',
    envVars: { REGION: 'eu' },
    sshAuthSock: '/t/agent.sock',
    buildVars: { type: 'deploy', incomingVersion: '1.2.3' },
  });
  assert.deepEqual(env, {
    PYTHONUNBUFFERED: '1',
    ANSIBLE_FORCE_COLOR: 'True',
    PATH: '/usr/bin',
    HOME: '/t/home',
    PWD: '/t/repo',
    REGION: 'eu',
    SSH_AUTH_SOCK: '/t/agent.sock',
    SEMAPHORE_TASK_TYPE: 'deploy',
    SEMAPHORE_TASK_INCOMING_VERSION: '1.2.3',
  });
});

test('limits split on commas like upstream', () => {
  assert.deepEqual(splitList('a, b,,c '), ['a', 'b', 'c']);
  assert.deepEqual(splitList(''), []);
  assert.deepEqual(splitList(['x', ' ']), ['x']);
});
