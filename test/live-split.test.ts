// /api/ws in split mode: two `signalman server` and two `signalman worker` processes on PostgreSQL.
// Whatever server a task was created or stopped through and whatever worker ran it, the clients
// of every server hear each status change and every line, in order, through LISTEN/NOTIFY.
import { startSplit } from './support/split.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import WebSocket from 'ws';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import type { SignalmanProcess } from './support/processes.ts';
import { ApiClient } from './support/api-client.ts';
import { eventually } from './support/eventually.ts';
import { LIVE_APPLICATION } from '../src/live/pg-events.ts';

interface Live {
  socket: WebSocket;
  messages: any[];
}

const LINES = 3_000;
const FLOOD = `awk 'BEGIN { for (i = 1; i <= ${LINES}; i++) printf "line %d of the flood\\n", i }'\n`;

function connect(api: ApiClient, token: string): Promise<Live> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${api.base.replace(/^http/, 'ws')}/api/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('error', reject);
  });
}

async function tokenOf(api: ApiClient): Promise<string> {
  const res = await api.post('/api/user/tokens');
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

const updatesOf = (l: Live, taskId: number) =>
  l.messages.filter((m) => m.type === 'update' && m.task_id === taskId).map((m) => m.status);
const logsOf = (l: Live, taskId: number) =>
  l.messages.filter((m) => m.type === 'log' && m.task_id === taskId).map((m) => m.output);
const finished =
  (l: Live, taskId: number, status = 'success') =>
  () =>
    updatesOf(l, taskId).includes(status);

describe('live updates in split mode on PostgreSQL', () => {
  const procs: SignalmanProcess[] = [];
  const apis: ApiClient[] = [];
  const repo = makeRepo({
    'flood.sh': FLOOD,
    'long.sh': 'echo "about to sleep"\nsleep 600\n',
    'hello.sh': 'echo hello\n',
  });
  let databaseUrl: string;
  let f: ProjectFixture;
  let memberToken: string;
  let outsiderToken: string;
  let outsiderId: number;
  let adminToken: string;

  async function user(name: string): Promise<{ id: number; api: ApiClient }> {
    const username = `${name}-${process.pid}`;
    const res = await apis[1].post('/api/users', {
      username,
      name,
      email: `${username}@example.test`,
      password: `${username}-pw`,
    });
    assert.equal(res.status, 201, res.text);
    const api = new ApiClient(apis[0].base);
    await api.login(username, `${username}-pw`);
    return { id: res.body.id, api };
  }

  before(async () => {
    const split = await startSplit(2, 2, 'live-secret');
    databaseUrl = split.databaseUrl;
    procs.push(...split.procs);
    apis.push(...split.apis);
    f = await createProjectWithRepo(apis[1], repo.url);
    const member = await user('member');
    const outsider = await user('outsider');
    const added = await apis[1].post(`/api/project/${f.projectId}/users`, { user_id: member.id, role: 'task_runner' });
    assert.equal(added.status, 204, added.text);
    memberToken = await tokenOf(member.api);
    outsiderId = outsider.id;
    outsiderToken = await tokenOf(outsider.api);
    adminToken = await tokenOf(apis[1]);
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM')));
  });

  test('clients of server A hear every update and line, in order, of tasks created through server B; a non-member hears nothing', async () => {
    const [a, b] = apis;
    const member = await connect(a, memberToken);
    const outsider = await connect(a, outsiderToken);
    const admin = await connect(b, adminToken);
    try {
      const templateId = await createTemplate(b, f, 'flood.sh');
      const ids = [await runTask(b, f.projectId, templateId), await runTask(b, f.projectId, templateId)];
      for (const id of ids) assert.equal((await a.waitForTask(f.projectId, id)).status, 'success');
      for (const id of ids) {
        await eventually(finished(member, id), { what: `task ${id}: success on the member's socket`, timeout: 60_000 });
        await eventually(finished(admin, id), { what: `task ${id}: success on the admin's socket`, timeout: 60_000 });
        const stored = await a.output(f.projectId, id);
        assert.equal(stored.filter((l) => / of the flood$/.test(l)).length, LINES);
        for (const live of [member, admin]) {
          assert.deepEqual(updatesOf(live, id), ['waiting', 'starting', 'running', 'success']);
          assert.deepEqual(logsOf(live, id), stored, 'every stored line, once, in order');
        }
      }
      // Barrier: a task of the non-member's own project, run after these ended, reaches their
      // socket after anything of these tasks would have.
      const own = await createProjectWithRepo(b, repo.url);
      const joined = await b.post(`/api/project/${own.projectId}/users`, { user_id: outsiderId, role: 'task_runner' });
      assert.equal(joined.status, 204, joined.text);
      const ownTask = await runTask(b, own.projectId, await createTemplate(b, own, 'hello.sh'));
      await eventually(finished(outsider, ownTask), {
        what: `task ${ownTask} of the non-member's own project: success on their socket`,
        timeout: 60_000,
      });
      assert.deepEqual(
        outsider.messages.filter((m) => m.project_id !== own.projectId),
        [],
        'a non-member hears nothing of the project',
      );
    } finally {
      for (const l of [member, outsider, admin]) l.socket.close();
    }
  });

  test('a stop through server B reaches the clients of server A: stopping, then stopped', async () => {
    const [a, b] = apis;
    const member = await connect(a, memberToken);
    try {
      const templateId = await createTemplate(a, f, 'long.sh');
      const id = await runTask(a, f.projectId, templateId);
      await eventually(() => updatesOf(member, id).includes('running'), {
        what: 'the running update',
        timeout: 60_000,
      });
      assert.equal((await b.post(`/api/project/${f.projectId}/tasks/${id}/stop`, {})).status, 204);
      await eventually(finished(member, id, 'stopped'), { what: 'the stopped update', timeout: 60_000 });
      assert.deepEqual(updatesOf(member, id), ['waiting', 'starting', 'running', 'stopping', 'stopped']);
      assert.deepEqual(logsOf(member, id), await a.output(f.projectId, id));
    } finally {
      member.socket.close();
    }
  });

  test('when every bus session is cut, the processes reconnect and no line or final status is lost', async () => {
    const [a, b] = apis;
    const member = await connect(a, memberToken);
    const cut = async () => {
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      try {
        const res = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
          [LIVE_APPLICATION],
        );
        return res.rowCount ?? 0;
      } finally {
        await admin.end();
      }
    };
    try {
      const templateId = await createTemplate(b, f, 'flood.sh');
      assert.ok((await cut()) >= 2, 'both servers were listening');
      const id = await runTask(b, f.projectId, templateId);
      await b.waitForTask(f.projectId, id, ['running', 'success']);
      await cut();
      assert.equal((await a.waitForTask(f.projectId, id)).status, 'success');
      await eventually(finished(member, id), { what: 'the success update after the cuts', timeout: 60_000 });
      assert.deepEqual(logsOf(member, id), await a.output(f.projectId, id), 'every stored line, once, in order');
      const updates = updatesOf(member, id);
      const order = ['waiting', 'starting', 'running', 'success'];
      assert.deepEqual(
        [...updates].sort((x, y) => order.indexOf(x) - order.indexOf(y)),
        updates,
        `in order, no repeats: ${updates}`,
      );
      assert.equal(new Set(updates).size, updates.length, `no repeats: ${updates}`);
    } finally {
      member.socket.close();
    }
  });
});
