// A task that prints 200,000 lines while one /api/ws client never reads: the task is not held
// up, every line is stored in order, the server drops the stalled client, and a client that
// keeps reading gets every line in order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';

const LINES = 200_000;
const PAD = 'x'.repeat(90);
const SCRIPT = `awk 'BEGIN { for (i = 1; i <= ${LINES}; i++) printf "line %06d ${PAD}\\n", i }'\n`;
const expected = Array.from({ length: LINES }, (_, i) => `line ${String(i + 1).padStart(6, '0')} ${PAD}`);
const isScriptLine = (s: string) => s.startsWith('line ');

/** A WebSocket upgrade whose socket is paused at once: it never reads a byte the server sends. */
function stalledClient(base: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/ws`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        authorization: `Bearer ${token}`,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.pause();
      resolve(socket);
    });
    req.on('response', (res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

function readingClient(base: string, token: string): Promise<{ socket: WebSocket; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('error', reject);
  });
}

describe('log volume with a stalled /api/ws client', () => {
  let stack: InProcessStack;

  before(async () => {
    stack = await startInProcess('sqlite');
  });
  after(async () => stack?.close());

  test('200,000 lines: the task succeeds with every line stored in order, the stalled client is dropped, a reading client gets every line in order', async () => {
    const repo = makeRepo({ 'flood.sh': SCRIPT });
    const f = await createProjectWithRepo(stack.admin, repo.url);
    const templateId = await createTemplate(stack.admin, f, 'flood.sh');
    const token = (await stack.admin.post('/api/user/tokens')).body.id as string;

    const stalled = await stalledClient(stack.base, token);
    const stalledClosed = new Promise<void>((r) => stalled.once('close', () => r()));
    const reader = await readingClient(stack.base, token);
    try {
      const taskId = await runTask(stack.admin, f.projectId, templateId);
      const task = await stack.admin.waitForTask(f.projectId, taskId, undefined, 240_000);
      assert.equal(task.status, 'success');

      const stored = await stack.admin.output(f.projectId, taskId);
      assert.deepEqual(stored.filter(isScriptLine), expected, 'every line is stored, in order');

      const ended = () =>
        reader.messages.some((m) => m.type === 'update' && m.task_id === taskId && m.status === 'success');
      await eventually(ended, {
        what: 'the reading client to get the success update',
        timeout: 120_000,
        interval: 100,
      });
      assert.equal(reader.socket.readyState, WebSocket.OPEN, 'the reading client is still connected');
      const streamed = reader.messages
        .filter((m) => m.type === 'log' && m.task_id === taskId)
        .map((m) => m.output as string);
      assert.deepEqual(streamed.filter(isScriptLine), expected, 'the reading client got every line, in order');
      assert.deepEqual(streamed, stored, 'and exactly what was stored');

      // The stalled client reads again only now: what is left is what the kernel held, then the close.
      stalled.resume();
      stalled.on('data', () => {});
      await Promise.race([
        stalledClosed,
        new Promise((_, fail) =>
          setTimeout(() => fail(new Error('the server never closed the stalled client')), 60_000).unref(),
        ),
      ]);
    } finally {
      reader.socket.close();
      stalled.destroy();
    }
  });
});
