// A task's secret survey values (`secret`), as a user sees them take effect: a real ansible-playbook
// and a bash script receive them (extra vars from an owner-only file; environment variables),
// while they are found nowhere else: not in any table (SQLite's files read byte for byte), not
// on any process's command line while the task runs, not in the task's log (masked), its API
// answers, the events, the project backup, nor the task workflow's Temporal history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { DB_KINDS } from './support/env.ts';
import { eventually } from './support/eventually.ts';
import { createProjectWithRepo, runTask, type ProjectFixture } from './support/fixtures.ts';
import { addMember, createUser } from './support/users.ts';
import { commandLines, everyRow, historyText, sqliteBytes, tracesOf } from './support/secret-traces.ts';

const MASKED = '**********';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

for (const kind of DB_KINDS) {
  describe(`secret survey values reach the run and nothing else (${kind})`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let localInventory = 0;
    // The task waits at this gate (the test creates the file) so its processes can be looked at.
    const gate = mkdtempSync(join(tmpdir(), 'signalman-secret-gate-'));
    chmodSync(gate, 0o755); // the task user must see the file appear

    const template = async (app: string, playbook: string) => {
      const res = await stack.admin.post(`/api/project/${f.projectId}/templates`, {
        name: `${app} ${playbook}`,
        app,
        playbook,
        repository_id: f.repositoryId,
        inventory_id: localInventory,
        environment_id: f.environmentId,
        survey_vars: [{ name: 'db_password', title: 'Database password', type: 'secret' }],
      });
      assert.equal(res.status, 201, res.text);
      return res.body.id as number;
    };

    /** Runs the template with a fresh secret, looks at every command line while it waits at the gate. */
    const runWithSecret = async (templateId: number, name: string, running: string) => {
      const secret = `sv-${randomBytes(9).toString('hex')}`;
      const taskId = await runTask(stack.admin, f.projectId, templateId, {
        secret: JSON.stringify({ db_password: secret }),
      });
      await eventually(async () => (await stack.admin.output(f.projectId, taskId)).some((l) => l.includes('at-gate')), {
        what: `task ${taskId} to reach its gate`,
        timeout: 90_000,
      });
      const lines = commandLines();
      assert.ok(
        lines.some((line) => line.includes(running)),
        `the task's process (${running}) is among the command lines read`,
      );
      const leaking = lines.filter((line) => tracesOf(secret).some((t) => line.includes(t)));
      assert.deepEqual(leaking, [], 'no command line carries the secret while the task runs');
      writeFileSync(join(gate, name), '');
      const task = await stack.admin.waitForTask(f.projectId, taskId);
      rmSync(join(gate, name)); // closed again for the next run
      const out = await stack.admin.output(f.projectId, taskId);
      assert.equal(task.status, 'success', out.join('\n'));
      return { taskId, secret, out };
    };

    /** Everywhere the value must not be, as the admin (who sees most) finds it. */
    const assertNowhere = async (taskId: number, secret: string) => {
      const p = f.projectId;
      const answers = [
        await stack.admin.get(`/api/project/${p}/tasks/${taskId}`),
        await stack.admin.get(`/api/project/${p}/tasks/${taskId}/output`),
        await stack.admin.get(`/api/project/${p}/tasks`),
        await stack.admin.get(`/api/project/${p}/tasks/last`),
        await stack.admin.get(`/api/project/${p}/events`),
        await stack.admin.get('/api/events'),
        await stack.admin.get(`/api/project/${p}/backup`),
      ];
      for (const res of answers) assert.equal(res.status, 200, res.text);
      const places: Record<string, string> = {
        'API answers': answers.map((r) => r.text).join('\n'),
        'database rows': await everyRow(stack),
        'SQLite files': sqliteBytes(stack),
      };
      const history = await historyText(stack.client, taskId);
      assert.ok(
        history.includes('"taskId":') && history.includes('sealed-v1:'),
        'the history was read, payloads decoded',
      );
      places['Temporal history'] = history;
      // The places were read: the task's log line proving the value arrived is stored there.
      const proof = `sha256=${sha256(secret)}`;
      assert.ok(places['database rows'].includes(proof), 'the rows were read');
      if (kind === 'sqlite') assert.ok(places['SQLite files'].includes(proof), 'the SQLite files were read');
      for (const [where, text] of Object.entries(places))
        for (const trace of tracesOf(secret)) assert.ok(!text.includes(trace), `${where} carry the secret`);
    };

    before(async () => {
      stack = await startInProcess(kind);
      const wait = (name: string) => `while [ ! -e ${join(gate, name)} ]; do sleep 0.1; done`;
      const repo = makeRepo({
        'secret.yml': `- hosts: all
  gather_facts: false
  tasks:
    - debug:
        msg: "plain={{ db_password }}"
    - debug:
        msg: "sha256={{ db_password | hash('sha256') }}"
    - debug:
        msg: at-gate
    - wait_for:
        path: ${join(gate, 'ansible')}
        timeout: 120
`,
        'secret.sh': `echo "plain=$db_password"
echo "sha256=$(printf %s "$db_password" | sha256sum | cut -d' ' -f1)"
echo at-gate
${wait('bash')}
`,
      });
      f = await createProjectWithRepo(stack.admin, repo.url);
      const inv = await stack.admin.post(`/api/project/${f.projectId}/inventory`, {
        name: 'local',
        type: 'static',
        inventory: 'localhost ansible_connection=local ansible_python_interpreter=auto_silent\n',
      });
      assert.equal(inv.status, 201, inv.text);
      localInventory = inv.body.id;
    });
    after(async () => {
      await stack?.close();
      rmSync(gate, { recursive: true, force: true });
    });

    test('ansible: the playbook gets the value as an extra var; the log shows it masked; it is stored nowhere', async () => {
      const { taskId, secret, out } = await runWithSecret(
        await template('ansible', 'secret.yml'),
        'ansible',
        'ansible-playbook',
      );
      assert.ok(
        out.some((l) => l.includes(`"msg": "sha256=${sha256(secret)}"`)),
        out.join('\n'),
      );
      assert.ok(
        out.some((l) => l.includes(`"msg": "plain=${MASKED}"`)),
        out.join('\n'),
      );
      await assertNowhere(taskId, secret);
    });

    test('bash: the script gets the value as an environment variable; the log shows it masked; it is stored nowhere', async () => {
      const { taskId, secret, out } = await runWithSecret(await template('bash', 'secret.sh'), 'bash', 'secret.sh');
      assert.ok(out.includes(`sha256=${sha256(secret)}`), out.join('\n'));
      assert.ok(out.includes(`plain=${MASKED}`), out.join('\n'));
      await assertNowhere(taskId, secret);
    });

    test('a user of another project reads nothing of the task, and a task of theirs cannot take the value', async () => {
      const { taskId, secret } = await runWithSecret(await template('bash', 'secret.sh'), 'bash', 'secret.sh');
      const other = await createUser(stack, 'outsider');
      const repo = makeRepo({
        'show.sh': 'if [ -z "$db_password" ]; then echo "value=[none]"; else echo "value=[set]"; fi\n',
      });
      const g = await createProjectWithRepo(stack.admin, repo.url);
      await addMember(stack.admin, g.projectId, other.id, 'owner');
      for (const path of [
        `/api/project/${f.projectId}/tasks/${taskId}`,
        `/api/project/${f.projectId}/tasks/${taskId}/output`,
        `/api/project/${g.projectId}/tasks/${taskId}`,
        `/api/project/${g.projectId}/tasks/${taskId}/output`,
      ]) {
        const res = await other.api.get(path);
        assert.ok([403, 404].includes(res.status), `${path}: ${res.status}`);
        assert.ok(!res.text.includes(secret));
      }
      // Their own task, without a secret, runs without one.
      const tpl = await other.api.post(`/api/project/${g.projectId}/templates`, {
        name: 'show',
        app: 'bash',
        playbook: 'show.sh',
        repository_id: g.repositoryId,
        inventory_id: g.inventoryId,
        environment_id: g.environmentId,
      });
      assert.equal(tpl.status, 201, tpl.text);
      const mine = await runTask(other.api, g.projectId, tpl.body.id);
      await other.api.waitForTask(g.projectId, mine);
      assert.ok((await other.api.output(g.projectId, mine)).includes('value=[none]'));
    });
  });
}
