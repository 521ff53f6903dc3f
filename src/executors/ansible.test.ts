import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ansibleEnv, ansiblePlaybookArgs, splitList } from './ansible.ts';

const taskDetails = { semaphore_vars: { task_details: { id: 0, url: null, username: '' } } };

test("upstream's golden line: static inventory, ssh key without login, no environment", () => {
  const args = ansiblePlaybookArgs({ inventoryPath: '/tmp/inventory_0', extraVars: taskDetails, playbook: 'test.yml' });
  assert.equal(
    args.join(' '),
    '-i /tmp/inventory_0 --extra-vars {"semaphore_vars":{"task_details":{"id":0,"url":null,"username":""}}} test.yml',
  );
});

const cases: Array<[string, Parameters<typeof ansiblePlaybookArgs>[0], string[]]> = [
  [
    'ssh key with login and a become key',
    { inventoryPath: 'inv', connectionLogin: 'deploy', becomeLogin: 'root', extraVars: {}, playbook: 'site.yml' },
    ['-i', 'inv', '--user', 'deploy', '--become-user', 'root', '--extra-vars', '{}', 'site.yml'],
  ],
  [
    'debug, diff and dry run in upstream order',
    { inventoryPath: 'inv', debug: true, diff: true, dryRun: true, extraVars: {}, playbook: 'p.yml' },
    ['-i', 'inv', '-vvvv', '--diff', '--check', '--extra-vars', '{}', 'p.yml'],
  ],
  [
    'debug level is bounded to 1..6',
    { inventoryPath: 'inv', debug: true, debugLevel: 9, extraVars: {}, playbook: 'p.yml' },
    ['-i', 'inv', '-vvvvvv', '--extra-vars', '{}', 'p.yml'],
  ],
  [
    'vaults by id with password files; secrets from files',
    {
      inventoryPath: 'inv',
      vaults: [{ name: 'default', passwordFile: '/t/v1' }, { name: 'prod', passwordFile: '/t/v2' }],
      extraVars: { a: 1 },
      secretVarsFile: '/t/conn.json',
      varSecretsFile: '/t/vars.json',
      playbook: 'p.yml',
    },
    ['-i', 'inv', '--vault-id=default@/t/v1', '--vault-id=prod@/t/v2', '--extra-vars', '{"a":1}', '--extra-vars', '@/t/conn.json', '--extra-vars', '@/t/vars.json', 'p.yml'],
  ],
  [
    'template args, task args, limit, tags and skip tags',
    {
      inventoryPath: 'inv',
      extraVars: {},
      templateArgs: ['--forks=5'],
      taskArgs: ['--flush-cache'],
      limit: ['web1', 'web2'],
      tags: ['deploy'],
      skipTags: ['slow', 'db'],
      playbook: 'p.yml',
    },
    ['-i', 'inv', '--extra-vars', '{}', '--forks=5', '--flush-cache', '--limit=web1,web2', '--tags=deploy', '--skip-tags=slow,db', 'p.yml'],
  ],
];

for (const [name, input, expected] of cases) {
  test(`ansible-playbook arguments: ${name}`, () => {
    assert.deepEqual(ansiblePlaybookArgs(input), expected);
  });
}

test('hostile values stay single literal arguments', () => {
  const args = ansiblePlaybookArgs({
    inventoryPath: 'inv',
    extraVars: { x: '$(id); `rm -rf /`\n--become' },
    limit: ['-x; reboot'],
    playbook: 'p.yml',
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
