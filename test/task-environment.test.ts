// What the server's configuration gives every task: SEMAPHORE_ENV_VARS, the host variables named
// by SEMAPHORE_FORWARDED_ENV_VARS (never the server's own secrets: refused at start-up), working
// copies under SEMAPHORE_TMP_PATH, and SEMAPHORE_MAX_TASK_DURATION_SEC, past which a task is
// stopped and ends as error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask } from './support/fixtures.ts';
import { workDir } from './support/env.ts';
import { SignalmanProcess } from './support/processes.ts';
import { groupAlive } from '../src/tasks/process-group.ts';
import { eventually } from './support/eventually.ts';

let repo: TestRepo;
before(() => {
  repo = makeRepo({
    'show.sh':
      'echo "FROM_CONFIG=$FROM_CONFIG"\necho "FORWARD_ME=$FORWARD_ME"\n' +
      'echo "NOT_FORWARDED=$NOT_FORWARDED"\necho "GREETING=$GREETING"\necho "pwd=$PWD"\n',
    'long.sh': 'echo "pgid=$$"\nsleep 600\necho never\n',
  });
});

describe('the task environment from the configuration', () => {
  let stack: InProcessStack;
  let taskRoot: string;

  before(async () => {
    taskRoot = workDir('semaphore-tmp');
    stack = await startInProcess('sqlite', {
      SEMAPHORE_ENV_VARS: JSON.stringify({ FROM_CONFIG: 'config-value', GREETING: 'from-config' }),
      SEMAPHORE_FORWARDED_ENV_VARS: JSON.stringify(['FORWARD_ME']),
      FORWARD_ME: 'host-value',
      NOT_FORWARDED: 'host-only',
      SEMAPHORE_TMP_PATH: taskRoot,
    });
  });
  after(async () => stack?.close());

  test('a bash task sees SEMAPHORE_ENV_VARS and the forwarded variable, its environment wins, its working copy is under SEMAPHORE_TMP_PATH', async () => {
    const f = await createProjectWithRepo(stack.admin, repo.url, { envVars: { GREETING: 'from-environment' } });
    const templateId = await createTemplate(stack.admin, f, 'show.sh');
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'success', lines.join('\n'));
    assert.ok(lines.includes('FROM_CONFIG=config-value'), lines.join('\n'));
    assert.ok(lines.includes('FORWARD_ME=host-value'));
    assert.ok(lines.includes('NOT_FORWARDED='), 'only the named host variables are forwarded');
    assert.ok(lines.includes('GREETING=from-environment'), "the project's environment wins over the configuration");
    const pwd = lines.find((l) => l.startsWith('pwd='))?.slice(4) ?? '';
    assert.ok(pwd.startsWith(`${realpathSync(taskRoot)}/task_${taskId}/`), `${pwd} is under ${taskRoot}`);
  });
});

describe('SEMAPHORE_MAX_TASK_DURATION_SEC', () => {
  let stack: InProcessStack;

  before(async () => {
    stack = await startInProcess('sqlite', { SEMAPHORE_MAX_TASK_DURATION_SEC: '2' });
  });
  after(async () => stack?.close());

  test('a sleep 600 task past the limit is stopped, ends as error with "Task timed out", and leaves no process', async () => {
    const f = await createProjectWithRepo(stack.admin, repo.url);
    const templateId = await createTemplate(stack.admin, f, 'long.sh');
    const taskId = await runTask(stack.admin, f.projectId, templateId);
    const pgid = await eventually(
      async () =>
        Number((await stack.admin.output(f.projectId, taskId)).find((l) => l.startsWith('pgid='))?.slice(5)) ||
        undefined,
      { what: 'the script to print its process group id', interval: 100 },
    );
    const task = await stack.admin.waitForTask(f.projectId, taskId);
    const lines = await stack.admin.output(f.projectId, taskId);
    assert.equal(task.status, 'error', lines.join('\n'));
    assert.equal(lines.filter((l) => l === 'Task timed out').length, 1, lines.join('\n'));
    assert.ok(!lines.includes('never'));
    assert.equal(groupAlive(pgid), false, 'no process of the task survives');
  });
});

describe('SEMAPHORE_FORWARDED_ENV_VARS refuses the server’s own secrets', () => {
  for (const name of ['DATABASE_URL', 'SIGNALMAN_ACCESS_KEY_ENCRYPTION']) {
    test(`a worker told to forward ${name} does not start, and says why`, async () => {
      const proc = new SignalmanProcess(['worker'], {
        SIGNALMAN_DATA_DIR: workDir('data'),
        SEMAPHORE_FORWARDED_ENV_VARS: JSON.stringify(['HTTPS_PROXY', name]),
      });
      assert.equal(await proc.exited(), 1, proc.output);
      assert.match(
        proc.output,
        new RegExp(
          `invalid configuration:[\\s\\S]*\\(SEMAPHORE_FORWARDED_ENV_VARS\\): "${name}" belongs to the server`,
        ),
      );
    });
  }
});
