// /api/ws on SQLite and PostgreSQL: authentication at the upgrade, and the live `update` and
// `log` messages of a real bash task, delivered to project members and admins only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { attachLiveSocket, closeLiveSocket } from '../src/api/ws/server.ts';
import { DEFAULT_LIMITS } from '../src/api/ws/connection.ts';
import { InProcessBus } from '../src/live/bus.ts';
import { DB_KINDS } from './support/env.ts';
import { eventually } from './support/eventually.ts';
import { ADMIN_PASSWORD, startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { addMember, createUser, type TestUser } from './support/users.ts';

interface Live {
  socket: WebSocket;
  messages: any[];
}

function wsUrl(stack: InProcessStack, path = '/api/ws'): string {
  return stack.base.replace(/^http/, 'ws') + path;
}

/** Opens a socket and collects what it receives; rejects with the HTTP status if the upgrade is refused. */
function connect(stack: InProcessStack, headers: Record<string, string>, path?: string): Promise<Live> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(stack, path), { headers });
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })),
    );
    socket.once('error', reject);
  });
}

async function refusedWith(stack: InProcessStack, headers: Record<string, string>, path?: string): Promise<number> {
  try {
    const live = await connect(stack, headers, path);
    live.socket.close();
    return 101;
  } catch (err) {
    return (err as { status?: number }).status ?? 0;
  }
}

async function bearer(user: TestUser): Promise<Record<string, string>> {
  const token = await user.api.post('/api/user/tokens');
  assert.equal(token.status, 201, token.text);
  return { authorization: `Bearer ${token.body.id}` };
}

async function adminCookie(stack: InProcessStack): Promise<Record<string, string>> {
  const res = await fetch(`${stack.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: 'admin', password: ADMIN_PASSWORD }),
  });
  assert.equal(res.status, 204);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0] };
}

/** Resolves when the server answers a ping sent now: it has read every frame the client sent before. */
function pingAnswered(live: Live): Promise<void> {
  return new Promise((resolve, reject) => {
    live.socket.once('pong', () => resolve());
    live.socket.once('close', (code) => reject(new Error(`closed with ${code} before answering the ping`)));
    live.socket.ping();
  });
}

for (const kind of DB_KINDS) {
  describe(`/api/ws on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let member: TestUser;
    let outsider: TestUser;
    let repoUrl: string;

    before(async () => {
      stack = await startInProcess(kind);
      const repo = makeRepo({
        'hello.sh': 'echo "hello from the task"\nfor i in 1 2 3; do echo "line $i"; done\n',
        'chatty.sh': 'while true; do echo tick; sleep 0.1; done\n',
      });
      repoUrl = repo.url;
      f = await createProjectWithRepo(stack.admin, repo.url);
      member = await createUser(stack, 'member');
      outsider = await createUser(stack, 'outsider');
      await addMember(stack.admin, f.projectId, member.id, 'task_runner');
    });
    after(async () => stack?.close());

    test('an upgrade without valid credentials is refused with 401 and no connection', async () => {
      assert.equal(await refusedWith(stack, {}), 401);
      assert.equal(await refusedWith(stack, { authorization: 'Bearer not-a-token' }), 401);
      assert.equal(await refusedWith(stack, { cookie: 'semaphore=1.forged' }), 401);
    });

    test('an upgrade elsewhere than /api/ws is refused with 404; a plain GET of /api/ws is told to upgrade', async () => {
      assert.equal(await refusedWith(stack, await bearer(member), '/api/elsewhere'), 404);
      const plain = await member.api.get('/api/ws');
      assert.equal(plain.status, 426);
      assert.match(plain.body.error, /WebSocket/);
    });

    test('a member gets update and log messages of the bash task they run; an admin too; a non-member nothing', async () => {
      const mine = await connect(stack, await bearer(member));
      const admin = await connect(stack, await adminCookie(stack));
      const theirs = await connect(stack, await bearer(outsider));
      try {
        const templateId = await createTemplate(stack.admin, f, 'hello.sh');
        const taskId = await runTask(member.api, f.projectId, templateId);
        const task = await member.api.waitForTask(f.projectId, taskId);
        assert.equal(task.status, 'success');

        const done = (l: Live) =>
          l.messages.some((m) => m.type === 'update' && m.task_id === taskId && m.status === 'success');
        await eventually(() => done(mine), { what: 'the success update on the member socket', timeout: 15_000 });
        await eventually(() => done(admin), { what: 'the success update on the admin socket', timeout: 15_000 });

        const updates = mine.messages.filter((m) => m.type === 'update' && m.task_id === taskId);
        assert.deepEqual(
          updates.map((u) => u.status),
          ['waiting', 'starting', 'running', 'success'],
        );
        const last = updates.at(-1);
        assert.deepEqual(Object.keys(last).sort(), [
          'end',
          'project_id',
          'start',
          'status',
          'task_id',
          'template_id',
          'type',
          'version',
        ]);
        assert.deepEqual([last.project_id, last.template_id], [f.projectId, templateId]);
        assert.ok(last.start && last.end && !Number.isNaN(Date.parse(last.end)));

        const logs = mine.messages.filter((m) => m.type === 'log' && m.task_id === taskId);
        const lines = logs.map((l) => l.output);
        const hello = lines.indexOf('hello from the task');
        assert.ok(hello >= 0, lines.join('\n'));
        assert.deepEqual(lines.slice(hello, hello + 4), ['hello from the task', 'line 1', 'line 2', 'line 3']);
        for (const l of logs) {
          assert.deepEqual(Object.keys(l).sort(), ['output', 'project_id', 'task_id', 'time', 'type']);
          assert.equal(l.project_id, f.projectId);
          assert.ok(!Number.isNaN(Date.parse(l.time)));
        }
        // What the socket streamed is what the task's stored output says, in the same order.
        const stored = await member.api.output(f.projectId, taskId);
        assert.deepEqual(lines, stored.slice(stored.length - lines.length));

        assert.ok(admin.messages.some((m) => m.type === 'log' && m.output === 'hello from the task'));
        // Barrier: a task of the non-member's own project, run after this one ended, reaches their
        // socket after anything of this task would have.
        const own = await createProjectWithRepo(stack.admin, repoUrl);
        await addMember(stack.admin, own.projectId, outsider.id, 'task_runner');
        const ownTask = await runTask(stack.admin, own.projectId, await createTemplate(stack.admin, own, 'hello.sh'));
        await eventually(
          () => theirs.messages.some((m) => m.type === 'update' && m.task_id === ownTask && m.status === 'success'),
          {
            what: "the success update of a task in the non-member's own project",
            timeout: 15_000,
          },
        );
        assert.deepEqual(
          theirs.messages.filter((m) => m.project_id !== own.projectId),
          [],
          'a non-member hears nothing of the project',
        );
      } finally {
        for (const l of [mine, admin, theirs]) l.socket.close();
      }
    });

    test('an autorun deploy started by a successful build streams from its first status, like any task', async () => {
      const mine = await connect(stack, await bearer(member));
      try {
        const build = await createTemplate(stack.admin, f, 'hello.sh', { type: 'build', start_version: '1.0.0' });
        const deploy = await createTemplate(stack.admin, f, 'hello.sh', {
          type: 'deploy',
          build_template_id: build,
          autorun: true,
        });
        const buildTask = await runTask(member.api, f.projectId, build);
        assert.equal((await member.api.waitForTask(f.projectId, buildTask)).status, 'success');
        const deployTask: number = await eventually(
          () => mine.messages.find((m) => m.type === 'update' && m.template_id === deploy)?.task_id,
          {
            what: 'the autorun deploy task',
            timeout: 15_000,
          },
        );
        await eventually(
          () => mine.messages.some((m) => m.type === 'update' && m.task_id === deployTask && m.status === 'success'),
          {
            what: 'the deploy success update',
            timeout: 15_000,
          },
        );
        const updates = mine.messages
          .filter((m) => m.type === 'update' && m.task_id === deployTask)
          .map((u) => u.status);
        assert.deepEqual(updates, ['waiting', 'starting', 'running', 'success']);
        const lines = mine.messages.filter((m) => m.type === 'log' && m.task_id === deployTask).map((l) => l.output);
        assert.equal(lines[0], `Task ${deployTask} added to queue`, lines.join('\n'));
      } finally {
        mine.socket.close();
      }
    });

    test('a member added while a task streams learns at once that it ended', async () => {
      const templateId = await createTemplate(stack.admin, f, 'chatty.sh', { name: `chatty ${kind}` });
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      const watcher = await connect(stack, await adminCookie(stack));
      // Its lines are being addressed to the members of the moment …
      await eventually(() => watcher.messages.some((m) => m.type === 'log' && m.task_id === taskId), {
        what: `task ${taskId}'s lines`,
      });
      // … when someone joins the project, opens the stream, and the task is stopped.
      const newcomer = await createUser(stack, `newcomer-${kind}`);
      await addMember(stack.admin, f.projectId, newcomer.id, 'guest');
      const theirs = await connect(stack, await bearer(newcomer));
      await pingAnswered(theirs);
      assert.equal((await stack.admin.post(`/api/project/${f.projectId}/tasks/${taskId}/stop`, {})).status, 204);
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId)).status, 'stopped');
      await eventually(
        () => theirs.messages.some((m) => m.type === 'update' && m.task_id === taskId && m.status === 'stopped'),
        {
          what: `the newcomer to hear that task ${taskId} stopped (heard: ${JSON.stringify(theirs.messages.slice(-3))})`,
        },
      );
      theirs.socket.close();
      watcher.socket.close();
    });

    test('a revoked token or a logged-out session ends the stream within the re-check period', async () => {
      // A second HTTP server on the same database, re-checking every 100 ms instead of 30 s.
      const server = createServer((_req, res) => res.writeHead(404).end());
      attachLiveSocket(server, stack.db, new InProcessBus(), { ...DEFAULT_LIMITS, recheckEveryMs: 100 });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const open = (headers: Record<string, string>) => connect({ ...stack, base }, headers);
      try {
        const token = (await member.api.post('/api/user/tokens')).body.id as string;
        const byToken = await open({ authorization: `Bearer ${token}` });
        const cookie = await adminCookie(stack);
        const byCookie = await open(cookie);
        const keeps = await open(await bearer(member));
        const closed = (l: Live) => new Promise<number>((r) => l.socket.once('close', (code) => r(code)));
        const tokenClosed = closed(byToken);
        assert.equal((await member.api.delete(`/api/user/tokens/${token}`)).status, 204);
        await tokenClosed;

        const cookieClosed = closed(byCookie);
        const logout = await fetch(`${stack.base}/api/auth/logout`, { method: 'POST', headers: cookie });
        assert.equal(logout.status, 204);
        await cookieClosed;

        // Barrier: a canary opened now, whose token is revoked at once, closes at one of its own
        // re-checks, a full period or more after it opened. Every connection is re-checked once a
        // period, so `keeps` was re-checked in between: after the revocations and logout above.
        const canaryToken = (await member.api.post('/api/user/tokens')).body.id as string;
        const canary = await open({ authorization: `Bearer ${canaryToken}` });
        const canaryClosed = closed(canary);
        assert.equal((await member.api.delete(`/api/user/tokens/${canaryToken}`)).status, 204);
        await canaryClosed;
        await pingAnswered(keeps);
        assert.equal(keeps.socket.readyState, WebSocket.OPEN, 'a client whose token still holds stays connected');
        keeps.socket.close();
      } finally {
        closeLiveSocket(server);
        await new Promise((r) => server.close(r));
      }
    });

    test('messages sent by the client are ignored, and oversized ones close the connection', async () => {
      const live = await connect(stack, await bearer(member));
      live.socket.send('hello');
      await pingAnswered(live);
      assert.equal(live.socket.readyState, WebSocket.OPEN, 'still open once the server has read the message');
      const closed = new Promise<number>((r) => live.socket.once('close', (code) => r(code)));
      live.socket.send('x'.repeat(4096));
      assert.equal(await closed, 1009);
    });
  });
}
